import { isScoredStaff } from '@kefu/shared/domain/scoring/catalogue';
import type { Staff } from '@kefu/shared/schemas/staff';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { formatFen } from '../../lib/money.ts';
import { formatShopMonth } from '../../lib/time.ts';
import { useSessionUser } from '../auth/auth.context.tsx';
import { listStaff } from '../staff/staff.api.ts';
import { AppealsPanel } from './AppealsPanel.tsx';
import { BulkEntryPanel } from './BulkEntryPanel.tsx';
import { ScoringCharts } from './charts/ScoringCharts.tsx';
import { counts, entryMoneyFen, pointsOfMonth } from './entries.ts';
import { EntryForm } from './EntryForm.tsx';
import { EntryTable } from './EntryTable.tsx';
import { AttachImage } from './EvidenceImages.tsx';
import { FundPanel } from './FundPanel.tsx';
import { MonthActions } from './MonthActions.tsx';
import { isMonth, MonthPicker } from './MonthPicker.tsx';
import { PersonHistory } from './PersonHistory.tsx';
import { PrintableRegister } from './PrintableRegister.tsx';
import { PrintableScoresheet } from './PrintableScoresheet.tsx';
import { ProposalsPanel } from './ProposalsPanel.tsx';
import { ReasonPrompt } from './ReasonPrompt.tsx';
import { getMonth, listLedger, listProposals, revokeEntry } from './scoring.api.ts';
import { ScoresheetTable } from './ScoresheetTable.tsx';
import type { LedgerEntry, MonthSheet } from './scoring.types.ts';
import { useLiveRefresh } from './useLiveRefresh.ts';
import { monthWord } from './labels.ts';
import { DismissedProposals } from './DismissedProposals.tsx';
import { Notice } from '../../lib/PageHeader.tsx';

type Tab = 'month' | 'history' | 'fund';

/**
 * /console/scoring — the supervisor keeps the month (records, settles, submits); the
 * manager reads it and approves or returns it. `?month=YYYY-MM&tab=fund` in the address.
 */
export function ScoringPage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  const [staff, setStaff] = useState<Staff[]>([]);
  const [staffError, setStaffError] = useState<unknown>(null);

  const current = formatShopMonth(new Date());
  const requested = params.get('month');
  const month = isMonth(requested) && requested <= current ? requested : current;
  const asked = params.get('tab');
  const tab: Tab = asked === 'fund' || asked === 'history' ? asked : 'month';
  const isSupervisor = user.roles.includes('supervisor');

  useEffect(() => {
    listStaff().then(setStaff, setStaffError);
  }, []);

  const nameOf = useCallback(
    (staffId: number | null) => {
      if (staffId === null) return '—';
      return staff.find((person) => person.id === staffId)?.displayName ?? `#${staffId}`;
    },
    [staff],
  );

  function go(change: { month?: string; tab?: Tab; person?: number }) {
    const next = new URLSearchParams(params);
    if (change.month !== undefined) next.set('month', change.month);
    if (change.tab !== undefined) {
      if (change.tab === 'month') next.delete('tab');
      else next.set('tab', change.tab);
    }
    if (change.person !== undefined) next.set('person', String(change.person));
    setParams(next);
  }
  const scored = staff.filter((person) => isScoredStaff(person.roles));
  const personParam = Number(params.get('person'));
  const person = scored.find((candidate) => candidate.id === personParam) ?? scored[0];

  return (
    <div className="page scoring-page">
      <h1 className="no-print">{t('scoring.title')}</h1>
      <div className="tabs no-print" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'month'} className={tab === 'month' ? 'tab active' : 'tab'} onClick={() => go({ tab: 'month' })} data-testid="tab-month">
          {t('scoring.tabMonth')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'history'} className={tab === 'history' ? 'tab active' : 'tab'} onClick={() => go({ tab: 'history' })} data-testid="tab-history">
          {t('scoring.tabHistory')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'fund'} className={tab === 'fund' ? 'tab active' : 'tab'} onClick={() => go({ tab: 'fund' })} data-testid="tab-fund">
          {t('scoring.tabFund')}
        </button>
      </div>
      {staffError ? <ApiErrorMessage error={staffError} /> : null}
      {tab === 'fund' ? <FundPanel canRecord={isSupervisor} nameOf={nameOf} /> : null}
      {tab === 'history' ? (
        <section className="panel" data-testid="history-panel">
          <label className="history-person">
            <span>{t('scoring.history.person')}</span>
            <select value={person?.id ?? ''} onChange={(e) => go({ person: Number(e.target.value) })} data-testid="history-person">
              {scored.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.displayName}
                  {candidate.active ? '' : `（${t('scoring.history.left')}）`}
                </option>
              ))}
            </select>
          </label>
          {person ? <PersonHistory staffId={person.id} /> : null}
        </section>
      ) : null}
      {tab === 'month' ? (
        <MonthView key={month} month={month} current={current} staff={staff} nameOf={nameOf} onMonth={(m) => go({ month: m })} />
      ) : null}
    </div>
  );
}

interface MonthData {
  sheet: MonthSheet;
  entries: LedgerEntry[];
  proposals: LedgerEntry[];
}

function MonthView({
  month,
  current,
  staff,
  nameOf,
  onMonth,
}: {
  month: string;
  current: string;
  staff: readonly Staff[];
  nameOf(staffId: number | null): string;
  onMonth(month: string): void;
}) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const isSupervisor = user.roles.includes('supervisor');
  const isManager = user.roles.includes('manager');
  const [data, setData] = useState<MonthData | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setLoadError(null);
    Promise.all([getMonth(month), listLedger({ month }), isSupervisor ? listProposals(month) : Promise.resolve([])]).then(
      ([sheet, entries, proposals]) => !cancelled && setData({ sheet, entries, proposals }),
      (caught: unknown) => !cancelled && setLoadError(caught),
    );
    return () => {
      cancelled = true;
    };
  }, [month, reloadKey, isSupervisor]);

  const reload = useCallback((message: string | null) => {
    if (message !== null) setNotice(message);
    setReloadKey((n) => n + 1);
  }, []);
  // What others change in this month (the manager approves, the supervisor records) shows without a refresh.
  useLiveRefresh({ scoring: (event) => event.month === month, ledger: (event) => event.month === month }, () => reload(null));

  const entries = useMemo(() => data?.entries ?? [], [data]);
  const counted = useMemo(() => pointsOfMonth(entries), [entries]);
  const wageOf = (staffId: number) => staff.find((person) => person.id === staffId)?.baseWageFen;
  const pointsOf = (entry: LedgerEntry) => counted.get(entry.id) ?? null;
  const moneyOf = (entry: LedgerEntry) => (counts(entry) || entry.status === 'proposed' ? entryMoneyFen(entry, wageOf(entry.staffId)) : null);

  const sheet = data?.sheet;
  // "本月" only when the month shown is the current one; otherwise its name.
  const when = monthWord(month, current, t);
  // Entries, revocations and decisions are refused once the month is submitted or approved.
  const open = sheet !== undefined && (sheet.status === 'none' || sheet.status === 'draft');
  const revokeOf =
    isSupervisor && open
      ? (entry: LedgerEntry) =>
          counts(entry) ? (
            <ReasonPrompt
              label={t('scoring.entries.revoke')}
              reasonLabel={t('scoring.entries.revokeReason')}
              danger
              testId={`revoke-${entry.id}`}
              onSubmit={async (reason) => {
                await revokeEntry(entry.id, reason);
                reload(t('scoring.entries.revokedNotice'));
              }}
            />
          ) : null
      : undefined;
  // Images change no figure: the supervisor may attach them in any month (docs/scoring.md).
  const revokeAction = isSupervisor
    ? (entry: LedgerEntry) => (
        <span className="entry-actions">
          {revokeOf?.(entry)}
          <AttachImage entry={entry} onAttached={(message) => reload(message)} />
        </span>
      )
    : undefined;

  return (
    <>
      <div className="month-bar no-print">
        <MonthPicker month={month} current={current} onChange={onMonth} />
        {isManager && !isSupervisor ? <span className="muted small">{t('scoring.readOnlyHint')}</span> : null}
        <button type="button" className="button button-small" onClick={() => reload(null)} data-testid="month-refresh">
          {t('scoring.refresh')}
        </button>
      </div>
      {notice ? (
        <Notice testId="scoring-notice" className="no-print">
          {notice}
        </Notice>
      ) : null}
      {loadError ? <ApiErrorMessage error={loadError} testId="scoring-load-error" /> : null}
      {!data && !loadError ? <p className="muted">{t('app.loading')}</p> : null}
      {data && sheet ? (
        <>
          <section className="panel no-print" data-testid="month-panel" data-month={month}>
            <h2>{t('scoring.sheetTitle', { month })}</h2>
            <MonthActions
              sheet={sheet}
              canSettle={isSupervisor}
              canApprove={isManager}
              onChanged={(changed, message) => {
                if (changed) setData((d) => (d ? { ...d, sheet: changed } : d));
                reload(message);
              }}
            />
            {sheet.staff.length === 0 ? (
              <p className="muted panel-note" data-testid="sheet-empty">
                {isSupervisor ? t('scoring.sheetEmptySupervisor', { when }) : t('scoring.sheetEmpty', { when })}
              </p>
            ) : (
              <>
                <ScoresheetTable sheet={sheet} entries={entries} pointsOf={pointsOf} moneyOf={moneyOf} nameOf={nameOf} entryActions={revokeAction} />
                <p className="muted small" data-testid="sheet-fund">
                  {t('scoring.fundAdds', { when, amount: formatFen(sheet.activityFundFen) })}
                </p>
              </>
            )}
          </section>
          {sheet.staff.length === 0 && entries.some((entry) => entry.status !== 'proposed') ? (
            <section className="panel no-print">
              <h2>{t('scoring.monthEntries', { when })}</h2>
              <EntryTable
                entries={entries.filter((entry) => entry.status !== 'proposed')}
                showPerson
                pointsOf={pointsOf}
                moneyOf={moneyOf}
                nameOf={nameOf}
                actions={revokeAction}
                testId="month-entries"
              />
            </section>
          ) : null}
          {isSupervisor ? (
            <ProposalsPanel proposals={data.proposals} canDecide={open} moneyOf={moneyOf} nameOf={nameOf} onChanged={(message) => reload(message)} />
          ) : null}
          {isSupervisor || isManager ? <DismissedProposals entries={entries} when={when} nameOf={nameOf} /> : null}
          {isSupervisor ? <EntryForm staff={staff} onRecorded={(_entry, message) => reload(message)} /> : null}
          {isSupervisor ? <BulkEntryPanel staff={staff} onRecorded={(message) => reload(message)} /> : null}
          <AppealsPanel canDecide={isSupervisor} nameOf={nameOf} reloadKey={reloadKey} onDecided={(message) => reload(message)} />
          <ScoringCharts sheet={sheet} entries={entries} counted={counted} />
          {sheet.staff.length > 0 ? <PrintableScoresheet sheet={sheet} nameOf={nameOf} printedAt={new Date()} /> : null}
          {sheet.staff.length > 0 ? <PrintableRegister sheet={sheet} entries={entries} pointsOf={pointsOf} moneyOf={moneyOf} nameOf={nameOf} printedAt={new Date()} /> : null}
        </>
      ) : null}
    </>
  );
}
