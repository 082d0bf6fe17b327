import { CATALOGUE } from '@kefu/shared/domain/scoring/catalogue';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../lib/i18n.ts';
import { formatFen } from '../../lib/money.ts';
import { formatShopDate, formatShopDateTime } from '../../lib/time.ts';
import { registerBlocks } from './register.ts';
import { formatPoints, ruleWording } from './rules.ts';
import type { LedgerEntry, MonthSheet } from './scoring.types.ts';

interface Props {
  sheet: MonthSheet;
  entries: readonly LedgerEntry[];
  pointsOf(entry: LedgerEntry): number | null;
  moneyOf(entry: LedgerEntry): number | null;
  nameOf(staffId: number | null): string;
  printedAt: Date;
}

const signed = (fen: number) => (fen < 0 ? `−${formatFen(-fen)}` : `+${formatFen(fen)}`);

/**
 * 奖罚登记表: every entry of the month per person (dates in the shop's zone), the person's
 * total, and a line for the employee's signature; the supervisor signs as 登记人. Only on paper,
 * when the 打印奖罚登记表 button chose it (data-print="register" on the document).
 */
export function PrintableRegister({ sheet, entries, pointsOf, moneyOf, nameOf, printedAt }: Props) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const registrar = sheet.submittedBy ?? sheet.settledBy;
  return (
    <section className="print-only printable-register" data-testid="printable-register" aria-hidden>
      <header>
        <div className="print-shop">{t('scoring.print.shop')}</div>
        <h1>{t('scoring.register.title', { month: sheet.month })}</h1>
        <div className="print-meta">
          <span>{t('scoring.print.status', { status: t(`scoring.status.${sheet.status}`) })}</span>
          <span>{t('scoring.print.printedAt', { at: formatShopDateTime(printedAt) })}</span>
        </div>
      </header>
      {registerBlocks(sheet, entries).map(({ row, entries: mine }) => (
        <div key={row.staffId} className="register-person" data-testid={`register-${row.username}`}>
          <table className="print-table">
            <caption>
              {row.displayName}
              <span className="register-summary">
                {t('scoring.register.summary', { score: row.score, pay: formatFen(row.payFen), net: formatFen(row.netFen) })}
                {row.dismissalReview ? `　${t('scoring.dismissalReview')}` : ''}
              </span>
            </caption>
            <thead>
              <tr>
                <th className="register-date">{t('scoring.register.date')}</th>
                <th>{t('scoring.register.rule')}</th>
                <th className="num">{t('scoring.entries.points')}</th>
                <th className="num">{t('scoring.entries.money')}</th>
                <th>{t('scoring.register.registrar')}</th>
              </tr>
            </thead>
            <tbody>
              {mine.length === 0 ? (
                <tr>
                  <td colSpan={5}>{t('scoring.register.none')}</td>
                </tr>
              ) : null}
              {mine.map((entry) => {
                const points = pointsOf(entry);
                const money = moneyOf(entry);
                return (
                  <tr key={entry.id} className={entry.revocation ? 'register-revoked' : undefined}>
                    <td className="register-date">{formatShopDate(entry.occurredAt)}</td>
                    <td>
                      {entry.rule} {ruleWording(CATALOGUE[entry.rule], language)}
                      {entry.note ? `（${entry.note}）` : ''}
                      {entry.revocation ? ` ${t('scoring.register.revoked', { reason: entry.revocation.reason })}` : ''}
                    </td>
                    <td className="num">{points === null ? '—' : formatPoints(points)}</td>
                    <td className="num">{money === null ? '—' : signed(money)}</td>
                    <td>{nameOf(entry.createdBy ?? entry.decidedBy)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="register-sign">
            <span>{t('scoring.register.employeeSignature')}</span>
            <span className="sign-line" />
            <span>{t('scoring.print.date')}</span>
            <span className="sign-line sign-date" />
          </div>
        </div>
      ))}
      <div className="signatures">
        <div className="signature">
          <span>{t('scoring.register.registrarSignature')}</span>
          <span className="sign-line">{registrar !== null ? nameOf(registrar) : null}</span>
          <span>{t('scoring.print.date')}</span>
          <span className="sign-line sign-date" />
        </div>
      </div>
    </section>
  );
}

/** Prints one of the month's papers: the scoresheet (the default) or the register. */
export function printPaper(paper: 'sheet' | 'register'): void {
  const root = document.documentElement;
  root.dataset.print = paper;
  const done = () => {
    delete root.dataset.print;
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
