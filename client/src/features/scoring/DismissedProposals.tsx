import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { EvidenceLinks } from './EvidenceLinks.tsx';
import { sourceLabel } from './labels.ts';
import { ruleWording } from './rules.ts';
import type { LedgerEntry } from './scoring.types.ts';

/**
 * The month's dismissed detector proposals (issue 13): what was found, who dismissed it,
 * when and why — so a dismissal can be checked later, and never silently disappears.
 */
export function DismissedProposals({ entries, when, nameOf }: { entries: readonly LedgerEntry[]; when: string; nameOf(staffId: number | null): string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const dismissed = entries.filter((entry) => entry.status === 'dismissed');
  return (
    <section className="panel no-print" data-testid="dismissed-panel">
      <h2>
        {t('scoring.dismissed.title')} <span className="count">{dismissed.length}</span>
      </h2>
      {dismissed.length === 0 ? (
        <p className="muted" data-testid="dismissed-empty">
          {t('scoring.dismissed.empty', { when })}
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
          <table className="table entry-table" data-testid="dismissed-table">
            <thead>
              <tr>
                <th>{t('scoring.entries.when')}</th>
                <th>{t('scoring.col.person')}</th>
                <th>{t('scoring.entries.rule')}</th>
                <th>{t('scoring.entries.evidence')}</th>
                <th>{t('scoring.dismissed.foundBy')}</th>
                <th>{t('scoring.dismissed.by')}</th>
                <th>{t('scoring.dismissed.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {dismissed.map((entry) => (
                <tr key={entry.id} data-testid={`dismissed-${entry.id}`}>
                  <td className="nowrap">{formatShopDateTime(entry.occurredAt)}</td>
                  <td className="nowrap">{nameOf(entry.staffId)}</td>
                  <td className="rule-cell">
                    <span className="rule-code">{entry.rule}</span> {ruleWording(CATALOGUE[entry.rule], language)}
                  </td>
                  <td>
                    <EvidenceLinks evidence={entry.evidence} />
                  </td>
                  <td className="nowrap">{sourceLabel(entry.source, t)}</td>
                  <td className="nowrap" data-testid="dismissed-by">
                    {nameOf(entry.decidedBy)}
                    {entry.decidedAt ? <div className="muted small">{formatShopDateTime(entry.decidedAt)}</div> : null}
                  </td>
                  <td data-testid="dismissed-reason">{entry.decisionReason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
