import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatFen } from '../../lib/money.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { EvidenceImages } from './EvidenceImages.tsx';
import { EvidenceLinks } from './EvidenceLinks.tsx';
import { formatPoints, ruleTerms, ruleWording } from './rules.ts';
import type { LedgerEntry } from './scoring.types.ts';
import { sourceLabel } from './labels.ts';

interface Props {
  entries: readonly LedgerEntry[];
  /** The points the entry counts for; null when it counts nothing (proposed, revoked…). */
  pointsOf(entry: LedgerEntry): number | null;
  moneyOf(entry: LedgerEntry): number | null;
  /** A name for a staff id (the person charged, who entered it); the person column shows when `showPerson`. */
  nameOf(staffId: number | null): string;
  showPerson?: boolean;
  actions?: (entry: LedgerEntry) => ReactNode;
  /** A checkbox column (bulk confirmation of proposals). */
  selection?: { selected: ReadonlySet<number>; toggle(id: number, on: boolean): void };
  testId: string;
}

/** The ledger entries behind a scoresheet line, a proposal list or "my score". */
export function EntryTable({ entries, pointsOf, moneyOf, nameOf, showPerson = false, actions, selection, testId }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const columns = 7 + (showPerson ? 1 : 0) + (actions ? 1 : 0) + (selection ? 1 : 0);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
    <table className="table entry-table" data-testid={testId}>
      <thead>
        <tr>
          {selection ? <th className="check" /> : null}
          <th>{t('scoring.entries.when')}</th>
          {showPerson ? <th>{t('scoring.col.person')}</th> : null}
          <th>{t('scoring.entries.rule')}</th>
          <th className="num">{t('scoring.entries.points')}</th>
          <th className="num">{t('scoring.entries.money')}</th>
          <th>{t('scoring.entries.evidence')}</th>
          <th>{t('scoring.entries.enteredBy')}</th>
          <th>{t('scoring.entries.state')}</th>
          {actions ? <th className="no-print">{t('scoring.entries.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={columns} className="muted">
              {t('scoring.entries.empty')}
            </td>
          </tr>
        ) : null}
        {entries.map((entry) => {
          const rule = CATALOGUE[entry.rule];
          const points = pointsOf(entry);
          const money = moneyOf(entry);
          const inactive = entry.revocation !== null || entry.status === 'dismissed';
          return (
            <tr key={entry.id} className={inactive ? 'row-inactive' : undefined} data-testid={`entry-${entry.id}`} data-rule={entry.rule}>
              {selection ? (
                <td className="check">
                  <input
                    type="checkbox"
                    checked={selection.selected.has(entry.id)}
                    onChange={(e) => selection.toggle(entry.id, e.target.checked)}
                    aria-label={`${entry.rule} #${entry.id}`}
                    data-testid={`select-${entry.id}`}
                  />
                </td>
              ) : null}
              <td className="nowrap">{formatShopDateTime(entry.occurredAt)}</td>
              {showPerson ? <td>{nameOf(entry.staffId)}</td> : null}
              <td className="rule-cell">
                <span className="rule-code">{entry.rule}</span> {ruleWording(rule, language)}
                <div className="muted small">{ruleTerms(rule, language).join('；')}</div>
                {entry.note ? (
                  <div className="small entry-note">
                    {t('scoring.entries.note')}
                    {t('errors.separator')}
                    {entry.note}
                  </div>
                ) : null}
              </td>
              <td className="num" data-testid="entry-points">
                {points === null ? <span className="muted">—</span> : formatPoints(points)}
              </td>
              <td className="num">
                {money === null ? <span className="muted">—</span> : money < 0 ? `−${formatFen(-money)}` : `+${formatFen(money)}`}
              </td>
              <td>
                {entry.evidence.length > 0 || entry.images.length === 0 ? <EvidenceLinks evidence={entry.evidence} /> : null}
                <EvidenceImages entry={entry} />
              </td>
              <td>{entry.createdBy === null ? sourceLabel(entry.source, t) : nameOf(entry.createdBy)}</td>
              <td data-testid="entry-state">
                <EntryState entry={entry} />
              </td>
              {actions ? <td className="no-print">{actions(entry)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}

function EntryState({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  if (entry.status === 'proposed') return <span className="tag tag-warning">{t('scoring.entries.proposed')}</span>;
  if (entry.status === 'dismissed') {
    return (
      <>
        <span className="tag">{t('scoring.entries.dismissed')}</span>
        {entry.decisionReason ? <div className="muted small">{entry.decisionReason}</div> : null}
      </>
    );
  }
  if (entry.correction) {
    return (
      <>
        <span className="tag tag-warning">{t('scoring.entries.correction')}</span>
        <div className="muted small">{t('scoring.entries.corrects', { id: entry.correction.entryId, month: entry.correction.month })}</div>
        {entry.note ? <div className="muted small">{entry.note}</div> : null}
      </>
    );
  }
  if (entry.correctedBy !== null) {
    return (
      <>
        <span className="tag">{t('scoring.entries.corrected')}</span>
        <div className="muted small">{t('scoring.entries.correctedBy', { id: entry.correctedBy })}</div>
      </>
    );
  }
  if (entry.revocation) {
    return (
      <>
        <span className="tag">{t('scoring.entries.revoked')}</span>
        <div className="muted small">{t('scoring.entries.revokedBecause', { reason: entry.revocation.reason })}</div>
      </>
    );
  }
  return (
    <>
      <span className="tag tag-success">{t('scoring.entries.counted')}</span>
      {entry.appeal ? (
        <div className="small">
          <span className={entry.appeal.status === 'open' ? 'tag tag-warning' : 'tag'}>
            {entry.appeal.status === 'open' ? t('scoring.entries.appealed') : t(`scoring.appeals.status.${entry.appeal.status}`)}
          </span>
        </div>
      ) : null}
    </>
  );
}
