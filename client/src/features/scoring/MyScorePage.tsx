import { CATALOGUE, MONTHLY } from '@kefu/shared/domain/scoring/catalogue';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatFen } from '../../lib/money.ts';
import { formatShopDateTime, formatShopMonth } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { AppealThread } from './AppealThread.tsx';
import { entryMoneyFen } from './entries.ts';
import { EntryTable } from './EntryTable.tsx';
import { isMonth, MonthPicker } from './MonthPicker.tsx';
import { ReasonPrompt } from './ReasonPrompt.tsx';
import { PayBreakdown } from './PayBreakdown.tsx';
import { PersonHistory } from './PersonHistory.tsx';
import { ruleWording } from './rules.ts';
import { fileAppeal, getMyScore } from './scoring.api.ts';
import type { LedgerEntry, MyScore } from './scoring.types.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { useLiveRefresh } from './useLiveRefresh.ts';
import { Notice } from '../../lib/PageHeader.tsx';
import { monthWord } from './labels.ts';

/** /console/myScore — a staff member's running score, their entries, and their appeals. */
export function MyScorePage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  const current = formatShopMonth(new Date());
  const requested = params.get('month');
  const month = isMonth(requested) && requested <= current ? requested : current;
  const when = monthWord(month, current, t);
  const [mine, setMine] = useState<MyScore | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [staff, setStaff] = useState<Staff[]>([]);

  useEffect(() => {
    // Only for the names of who entered an entry; without them the entries still show.
    listStaff().then(setStaff, () => undefined);
  }, []);
  const nameOf = (id: number | null) =>
    id === null ? '—' : id === user.id ? user.displayName : (staff.find((person) => person.id === id)?.displayName ?? `#${id}`);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    getMyScore(month).then(
      (answer) => !cancelled && setMine(answer),
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [month, reloadKey]);
  useLiveRefresh({ scoring: (event) => event.month === month, ledger: (event) => event.month === month && event.staffId === user.id }, () =>
    setReloadKey((n) => n + 1),
  );

  const shown = mine?.month === month ? mine : null;
  const counted = new Map(shown?.entries.map((entry) => [entry.id, entry.countedPoints]) ?? []);
  const appealed = shown?.entries.filter((entry) => entry.appeal !== null) ?? [];

  function appealAction(entry: LedgerEntry) {
    if (entry.appeal) {
      return (
        <a href={`#appeal-${entry.id}`} className="button button-small">
          {entry.appeal.status === 'open' ? t('myScore.appealOpen') : t(`scoring.appeals.status.${entry.appeal.status}`)}
        </a>
      );
    }
    // An appeal may be filed whatever the month's status (one may notice only after payday);
    // the supervisor's decision follows the month lock.
    if (entry.status !== 'confirmed' || entry.revocation || entry.correctedBy !== null || entry.correction) return null;
    return (
      <ReasonPrompt
        label={t('myScore.appeal')}
        reasonLabel={t('myScore.appealReason')}
        testId={`appeal-${entry.id}`}
        onSubmit={async (reason) => {
          await fileAppeal(entry.id, reason);
          setNotice(t('myScore.appealSent'));
          setReloadKey((n) => n + 1);
        }}
      />
    );
  }

  return (
    <div className="page my-score-page" data-testid="my-score-page">
      <h1>{t('myScore.title')}</h1>
      <div className="month-bar">
        <MonthPicker month={month} current={current} onChange={(m) => setParams({ month: m })} />
      </div>
      {notice ? (
        <Notice testId="my-score-notice">
          {notice}
        </Notice>
      ) : null}
      {error ? <ApiErrorMessage error={error} testId="my-score-error" /> : null}
      {!shown && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {shown ? (
        <>
          <section className="panel score-summary">
            <div className="stat-cards">
              <div className="stat-card">
                <span className="muted">{t('myScore.running', { when })}</span>
                <strong className={shown.score < MONTHLY.dismissalBelow ? 'stat-value big danger' : 'stat-value big'} data-testid="my-score">
                  {shown.score}
                </strong>
                <span className="muted small">
                  {t('myScore.start')} {MONTHLY.startScore}
                </span>
              </div>
              <div className="stat-card">
                <span className="muted">{t('scoring.col.pointDeduction')}</span>
                <strong className="stat-value" data-testid="my-deduction">
                  {formatFen(shown.pointDeductionFen)}
                </strong>
              </div>
              {shown.sheet ? (
                <div className="stat-card">
                  <span className="muted">{t('scoring.col.net')}</span>
                  <strong className="stat-value" data-testid="my-net">
                    {formatFen(shown.sheet.netFen)}
                  </strong>
                </div>
              ) : null}
              <div className="stat-card">
                <span className="muted">{t('scoring.month')}</span>
                <StatusBadge status={shown.status} testId="my-month-status" />
              </div>
            </div>
            <p className="muted small">{shown.scored ? t('myScore.runningHint') : t('myScore.notScored')}</p>
          </section>
          {shown.scored ? (
            <section className="panel">
              <h2>{t('myScore.payTitle', { when })}</h2>
              {shown.sheet ? <PayBreakdown row={shown.sheet} /> : <p className="muted" data-testid="pay-pending">{t('myScore.payPending', { when })}</p>}
            </section>
          ) : null}
          <section className="panel">
            <h2>{t('myScore.entriesTitle')}</h2>
            {shown.entries.length === 0 ? (
              <p className="muted" data-testid="my-entries-empty">
                {t('myScore.empty', { when })}
              </p>
            ) : (
              <EntryTable
                entries={shown.entries}
                pointsOf={(entry) => counted.get(entry.id) ?? null}
                moneyOf={(entry) => (entry.revocation ? null : entryMoneyFen(entry, staff.find((person) => person.id === user.id)?.baseWageFen))}
                nameOf={nameOf}
                actions={appealAction}
                testId="my-entries"
              />
            )}
          </section>
          {shown.scored ? (
            <section className="panel">
              <h2>{t('myScore.historyTitle')}</h2>
              <PersonHistory reloadKey={reloadKey} />
            </section>
          ) : null}
          {appealed.map((entry) => (
            <section key={entry.id} className="panel" id={`appeal-${entry.id}`}>
              <h2 className="small-title">
                <span className="rule-code">{entry.rule}</span> {ruleWording(CATALOGUE[entry.rule], language)}
                <span className="muted small"> · {formatShopDateTime(entry.occurredAt)}</span>
              </h2>
              <AppealThread entryId={entry.id} canWrite canDecide={false} />
            </section>
          ))}
        </>
      ) : null}
    </div>
  );
}
