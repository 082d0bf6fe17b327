/**
 * What importing an order that is already recorded does (docs/orders.md "Import"), and which
 * imported seller notes carry the rulebook's signature. Pure.
 */
import type { OrderStatus } from '../status.ts';
import type { ImportOrder } from '../../../schemas/orders-import.ts';

type ImportStatus = ImportOrder['status'];

const RANK: Record<ImportStatus, number> = { unpaid: 0, paid: 1, shipped: 2, delivered: 3, cancelled: 4 };

/**
 * The status an imported state moves a recorded order to, or null to leave it. The back
 * office only knows payments, shipments, receipts and closures: the shop's own steps
 * (printed, packed) are the console's, so an import saying "paid" never pulls a printed order
 * back. A shipped order closed in the back office is after-sale's (a recall or refund), not
 * an import's, and a delivered or cancelled order is final.
 */
export function importedMove(ours: OrderStatus, theirs: ImportStatus): OrderStatus | null {
  switch (ours) {
    case 'unpaid':
      return theirs === 'unpaid' ? null : theirs;
    case 'paid':
    case 'printed':
    case 'packed':
      return RANK[theirs] >= RANK.shipped ? theirs : null;
    case 'shipped':
      return theirs === 'delivered' ? 'delivered' : null;
    default:
      return null;
  }
}

/** `---2026.11.29 李娜` at the end of a note: the rulebook's signature (date, then the writer's name). */
const SIGNATURE = /-{3}\s*(\d{4})\.(\d{2})\.(\d{2})\s+(\S{1,20})\s*$/u;

export interface ImportedNoteLine {
  text: string;
  signed: boolean;
  /** The name and date of a valid signature (YYYY.MM.DD), else null. */
  signedBy: string | null;
  signedOn: string | null;
}

/**
 * A 订单备注 cell as notes: one per line (the back office appends each note on its own
 * line). A note is signed when it ends in `---YYYY.MM.DD 姓名` with a real calendar date
 * not after `today` (the shop's day, YYYY-MM-DD); everything else is flagged (P04).
 */
export function splitSellerNote(cell: string, today: string): ImportedNoteLine[] {
  return cell
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((text) => {
      const match = SIGNATURE.exec(text);
      if (!match) return { text, signed: false, signedBy: null, signedOn: null };
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
      const iso = `${match[1]}-${match[2]}-${match[3]}`;
      const hasText = text.slice(0, match.index).trim().length > 0;
      if (!real || iso > today || !hasText) return { text, signed: false, signedBy: null, signedOn: null };
      return { text, signed: true, signedBy: match[4]!, signedOn: `${match[1]}.${match[2]}.${match[3]}` };
    });
}
