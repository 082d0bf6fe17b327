import { useTranslation } from 'react-i18next';
import { formatFen } from '../../lib/money.ts';
import { formatShopDateTime } from '../../lib/time.ts';
import { money, moneyColumns } from './ScoresheetTable.tsx';
import type { MonthSheet } from './scoring.types.ts';

/**
 * The scoresheet as it goes to the manager on paper ((三)⑧ 提交给上级审批): shown only when
 * printing, one page, the figures and a line for the manager's signature and date.
 */
export function PrintableScoresheet({ sheet, nameOf, printedAt }: { sheet: MonthSheet; nameOf(staffId: number | null): string; printedAt: Date }) {
  const { t } = useTranslation();
  // Whoever submitted it, or settled it while it is a draft.
  const preparer = sheet.submittedBy ?? sheet.settledBy;
  const columns = moneyColumns(sheet.staff);
  const sum = (pick: (row: MonthSheet['staff'][number]) => number) => sheet.staff.reduce((total, row) => total + pick(row), 0);

  return (
    <section className="print-only printable-sheet" data-testid="printable-sheet" aria-hidden>
      <header>
        <div className="print-shop">{t('scoring.print.shop')}</div>
        <h1>{t('scoring.print.title', { month: sheet.month })}</h1>
        <div className="print-meta">
          <span>{t('scoring.print.status', { status: t(`scoring.status.${sheet.status}`) })}</span>
          <span>{t('scoring.print.printedAt', { at: formatShopDateTime(printedAt) })}</span>
        </div>
      </header>
      <table className="print-table">
        <thead>
          <tr>
            <th>{t('scoring.col.person')}</th>
            <th className="num">{t('scoring.col.score')}</th>
            {columns.map(([field, label]) => (
              <th key={field} className="num">
                {t(`scoring.col.${label}`)}
              </th>
            ))}
            <th className="num">{t('scoring.col.net')}</th>
            <th className="num">{t('scoring.col.pay')}</th>
            <th>{t('scoring.col.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {sheet.staff.map((row) => (
            <tr key={row.staffId}>
              <td>
                {row.displayName}
                {row.daysEmployed < row.daysInMonth ? <span className="small"> {t('scoring.partialMonth', { days: row.daysEmployed, total: row.daysInMonth })}</span> : null}
              </td>
              <td className="num">{row.score}</td>
              {columns.map(([field, , sign]) => (
                <td key={field} className="num">
                  {money(row[field], sign)}
                </td>
              ))}
              <td className="num">{formatFen(row.netFen)}</td>
              <td className="num">{formatFen(row.payFen)}</td>
              <td>
                {[row.dismissal ? t('scoring.dismissal') : null, row.dismissalReview ? t('scoring.dismissalReview') : null].filter(Boolean).join('、')}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>{t('scoring.total')}</td>
            <td />
            {columns.map(([field, , sign]) => (
              <td key={field} className="num">
                {money(sum((r) => r[field]), sign)}
              </td>
            ))}
            <td className="num">{formatFen(sum((r) => r.netFen))}</td>
            <td className="num">{formatFen(sum((r) => r.payFen))}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <p className="print-fund">
        {t('scoring.print.fund')}
        {t('errors.separator')}
        {formatFen(sheet.activityFundFen)}
      </p>
      <div className="signatures">
        <div className="signature">
          <span>{t('scoring.print.preparedBy')}</span>
          <span className="sign-line">{preparer !== null ? nameOf(preparer) : null}</span>
          <span>{t('scoring.print.date')}</span>
          <span className="sign-line sign-date" />
        </div>
        <div className="signature">
          <span>{t('scoring.print.managerSignature')}</span>
          <span className="sign-line" />
          <span>{t('scoring.print.date')}</span>
          <span className="sign-line sign-date" />
        </div>
      </div>
    </section>
  );
}
