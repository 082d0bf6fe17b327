import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../lib/money.ts';
import { EntryTable } from './EntryTable.tsx';
import type { LedgerEntry, MonthSheet, ScoresheetRow } from './scoring.types.ts';
import { MONEY_COLUMNS } from './pay-lines.ts';

/**
 * The pay columns, each named as the rulebook names it: fines are only G01/G02/G03a; G04's
 * day wage and A04's postage are other money, each in its own column; M03 and M04 apart.
 */
export { MONEY_COLUMNS };

/** The money columns worth a column this month: the base wage always, the others when someone has one. */
export function moneyColumns(rows: readonly ScoresheetRow[]) {
  return MONEY_COLUMNS.filter(([field]) => field === 'baseWageFen' || rows.some((row) => row[field] !== 0));
}

/** A charge shows with its minus sign; zero stays quiet. */
export function money(fen: number, sign: 1 | -1): string {
  if (fen === 0) return '—';
  const signed = fen * sign;
  return signed < 0 ? `−${formatFen(-signed)}` : formatFen(signed);
}

interface Props {
  sheet: MonthSheet;
  /** The month's entries (every status); a row opens the person's. */
  entries: readonly LedgerEntry[];
  pointsOf(entry: LedgerEntry): number | null;
  moneyOf(entry: LedgerEntry): number | null;
  nameOf(staffId: number | null): string;
  entryActions?: (entry: LedgerEntry) => ReactNode;
}

/** Every scored person's line for the month, each opening the entries behind it. */
export function ScoresheetTable({ sheet, entries, pointsOf, moneyOf, nameOf, entryActions }: Props) {
  const { t } = useTranslation();
  const [openRows, setOpenRows] = useState<ReadonlySet<number>>(new Set());
  const columns = moneyColumns(sheet.staff);

  function toggle(staffId: number) {
    setOpenRows((rows) => {
      const next = new Set(rows);
      if (next.has(staffId)) next.delete(staffId);
      else next.add(staffId);
      return next;
    });
  }

  const total = (field: (typeof MONEY_COLUMNS)[number][0] | 'netFen' | 'payFen') => sheet.staff.reduce((sum, row) => sum + row[field], 0);

  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('app.scrollTable')}>
      <table className="table scoresheet-table" data-testid="scoresheet-table">
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
            <th className="num">{t('scoring.col.entries')}</th>
            <th className="no-print" />
          </tr>
        </thead>
        <tbody>
          {sheet.staff.map((row) => {
            const open = openRows.has(row.staffId);
            const mine = entries.filter((entry) => entry.staffId === row.staffId && entry.status !== 'proposed');
            return (
              <Fragment key={row.staffId}>
                <ScoresheetLine row={row} columns={columns} open={open} onToggle={() => toggle(row.staffId)} />
                {open ? (
                  <tr className="row-detail">
                    <td colSpan={columns.length + 7}>
                      <h3 className="detail-title">{t('scoring.entriesOf', { name: row.displayName })}</h3>
                      <EntryTable
                        entries={mine}
                        pointsOf={pointsOf}
                        moneyOf={moneyOf}
                        nameOf={nameOf}
                        actions={entryActions}
                        testId={`entries-of-${row.username}`}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
        {sheet.staff.length > 0 ? (
          <tfoot>
            <tr className="row-total">
              <td>{t('scoring.total')}</td>
              <td />
              {columns.map(([field, , sign]) => (
                <td key={field} className="num">
                  {money(total(field), sign)}
                </td>
              ))}
              <td className="num">{formatFen(total('netFen'))}</td>
              <td className="num">{formatFen(total('payFen'))}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function ScoresheetLine({ row, columns, open, onToggle }: { row: ScoresheetRow; columns: ReturnType<typeof moneyColumns>; open: boolean; onToggle(): void }) {
  const { t } = useTranslation();
  const className = row.dismissal ? 'row-dismissal' : row.score >= 110 ? 'row-reward' : undefined;
  return (
    <tr className={className} data-testid={`sheet-row-${row.username}`}>
      <td>
        <span className="nowrap">{row.displayName}</span> <span className="muted small mono">{row.username}</span>
        {row.daysEmployed < row.daysInMonth ? (
          <span className="muted small nowrap" data-testid="sheet-days">
            {' '}
            {t('scoring.partialMonth', { days: row.daysEmployed, total: row.daysInMonth })}
          </span>
        ) : null}
      </td>
      <td className="num score" data-testid="sheet-score">
        {row.score}
      </td>
      {columns.map(([field, label, sign]) => (
        <td key={field} className="num" data-testid={`sheet-${label}`}>
          {money(row[field], sign)}
        </td>
      ))}
      <td className="num net" data-testid="sheet-net">
        {formatFen(row.netFen)}
      </td>
      <td className="num net" data-testid="sheet-pay">
        {formatFen(row.payFen)}
      </td>
      <td>
        {row.dismissal ? (
          <span className="tag tag-danger" data-testid="sheet-dismissal">
            {t('scoring.dismissal')}
          </span>
        ) : null}
        {row.dismissalReview ? <span className="tag tag-warning">{t('scoring.dismissalReview')}</span> : null}
      </td>
      <td className="num">{row.entries}</td>
      <td className="no-print">
        <button type="button" className="button button-small" onClick={onToggle} aria-expanded={open} data-testid={`sheet-open-${row.username}`}>
          {open ? t('scoring.hideEntries') : t('scoring.showEntries')}
        </button>
      </td>
    </tr>
  );
}
