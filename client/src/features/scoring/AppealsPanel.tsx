import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../lib/ApiErrorMessage.tsx';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { AppealThread } from './AppealThread.tsx';
import { formatPoints, ruleWording } from './rules.ts';
import { listAppeals } from './scoring.api.ts';
import type { AppealThread as Thread } from './scoring.types.ts';

interface Props {
  canDecide: boolean;
  nameOf(staffId: number | null): string;
  /** Bumped by the page when something changed elsewhere (an entry revoked…). */
  reloadKey: number;
  onDecided(notice: string): void;
}

/** Appeals of every month: the open ones to decide, or all of them. */
export function AppealsPanel({ canDecide, nameOf, reloadKey, onDecided }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [appeals, setAppeals] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [openThread, setOpenThread] = useState<number | null>(null);

  const load = useCallback(() => {
    setError(null);
    listAppeals(onlyOpen ? 'open' : undefined).then(setAppeals, setError);
  }, [onlyOpen]);
  useEffect(load, [load, reloadKey]);

  return (
    <section className="panel no-print" data-testid="appeals-panel">
      <h2>
        {t('scoring.appeals.title')} {appeals && onlyOpen ? <span className="count">{appeals.length}</span> : null}
      </h2>
      <p className="muted small">{t('scoring.appeals.hint')}</p>
      <div className="tabs tabs-small" role="tablist">
        <button type="button" role="tab" aria-selected={onlyOpen} className={onlyOpen ? 'tab active' : 'tab'} onClick={() => setOnlyOpen(true)}>
          {t('scoring.appeals.open')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={!onlyOpen}
          className={!onlyOpen ? 'tab active' : 'tab'}
          onClick={() => setOnlyOpen(false)}
          data-testid="appeals-all"
        >
          {t('scoring.appeals.all')}
        </button>
      </div>
      {error ? <ApiErrorMessage error={error} testId="appeals-error" /> : null}
      {appeals === null && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {appeals !== null && appeals.length === 0 ? (
        <p className="muted" data-testid="appeals-empty">
          {t('scoring.appeals.empty')}
        </p>
      ) : null}
      {appeals !== null && appeals.length > 0 ? (
        <table className="table" data-testid="appeals-table">
          <thead>
            <tr>
              <th>{t('scoring.col.person')}</th>
              <th>{t('scoring.appeals.entry')}</th>
              <th>{t('scoring.appeals.reason')}</th>
              <th>{t('scoring.entries.when')}</th>
              <th>{t('scoring.entries.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {appeals.map((appeal) => {
              const entry = appeal.entry;
              const expanded = openThread === appeal.entryId;
              return (
                <Fragment key={appeal.id}>
                  <tr data-testid={`appeal-row-${appeal.entryId}`}>
                    <td>{nameOf(appeal.staffId)}</td>
                    <td>
                      <span className="rule-code">{entry.rule}</span> {ruleWording(CATALOGUE[entry.rule], language)}
                      <div className="muted small">
                        {formatShopDateTime(entry.occurredAt)}
                        {entry.points !== null ? ` · ${formatPoints(entry.points)}` : ''}
                      </div>
                    </td>
                    <td>{appeal.reason}</td>
                    <td className="nowrap">{formatShopDateTime(appeal.createdAt)}</td>
                    <td>
                      <span className={appeal.status === 'open' ? 'tag tag-warning' : 'tag'}>{t(`scoring.appeals.status.${appeal.status}`)}</span>
                      {appeal.decisionReason ? <div className="muted small">{appeal.decisionReason}</div> : null}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        aria-expanded={expanded}
                        onClick={() => setOpenThread(expanded ? null : appeal.entryId)}
                        data-testid={`appeal-open-${appeal.entryId}`}
                      >
                        {expanded ? t('scoring.hideEntries') : t('scoring.appeals.view')}
                      </button>
                    </td>
                  </tr>
                  {expanded ? (
                    <tr className="row-detail">
                      <td colSpan={6}>
                        <AppealThread
                          entryId={appeal.entryId}
                          canWrite={canDecide}
                          canDecide={canDecide}
                          onDecided={() => {
                            load();
                            onDecided(t('scoring.appeals.decided'));
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
