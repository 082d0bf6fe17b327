import { useTranslation } from 'react-i18next';
import { formatFen } from '../../lib/money.ts';
import { money } from './ScoresheetTable.tsx';
import { payLines } from './pay-lines.ts';
import type { ScoresheetRow } from './scoring.types.ts';

/**
 * One person's pay for the month as the scoresheet has it, line by line (base wage, each
 * bonus, each charge named as the rulebook names it, corrections), then the bonus/penalty
 * total and the take-home pay, with the flags (解雇 / 解雇审查). A list, so it reads on a phone.
 */
export function PayBreakdown({ row }: { row: ScoresheetRow }) {
  const { t } = useTranslation();
  return (
    <div className="pay-breakdown" data-testid="pay-breakdown">
      {row.dismissal || row.dismissalReview ? (
        <p className="pay-flags" data-testid="pay-flags">
          {row.dismissal ? <span className="tag tag-danger">{t('scoring.dismissal')}</span> : null}
          {row.dismissalReview ? <span className="tag tag-warning">{t('scoring.dismissalReview')}</span> : null}
        </p>
      ) : null}
      {row.daysEmployed < row.daysInMonth ? <p className="muted small">{t('scoring.partialMonth', { days: row.daysEmployed, total: row.daysInMonth })}</p> : null}
      <dl className="pay-lines">
        {payLines(row).map(({ field, label, sign, fen, unpaid }) => (
          <div key={field} className="pay-line" data-testid={`pay-${label}`}>
            <dt>
              {t(`scoring.col.${label}`)}
              {unpaid ? <span className="muted small"> {t(`scoring.unpaid.${unpaid}`)}</span> : null}
            </dt>
            <dd className="num">{unpaid ? formatFen(0) : money(fen, sign)}</dd>
          </div>
        ))}
        <div className="pay-line pay-subtotal" data-testid="pay-net">
          <dt>{t('scoring.col.net')}</dt>
          <dd className="num">{formatFen(row.netFen)}</dd>
        </div>
        <div className="pay-line pay-total" data-testid="pay-total">
          <dt>{t('scoring.col.pay')}</dt>
          <dd className="num">{formatFen(row.payFen)}</dd>
        </div>
      </dl>
    </div>
  );
}
