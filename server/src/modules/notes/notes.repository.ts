/** Every read and write of order notes: insert and read, never update or delete (append-only). */
import type { NoteKind } from '@kefu/shared/domain/orders/notes';
import type { Tx } from '../../platform/db.ts';

type Raw = Record<string, any>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface NoteRecord {
  id: number;
  orderId: number;
  orderNo: string;
  kind: NoteKind;
  text: string;
  correctsId: number | null;
  changeId: number | null;
  authorId: number;
  authorName: string;
  createdAt: Date;
}

const SELECT = `n.id, n.order_id, o.order_no, n.kind, n.text, n.corrects_id, n.change_id, n.author_id, s.display_name, n.created_at
  FROM order_note n JOIN shop_order o ON o.id = n.order_id JOIN staff s ON s.id = n.author_id`;

function toNote(row: Raw): NoteRecord {
  return {
    id: num(row.id),
    orderId: num(row.order_id),
    orderNo: row.order_no as string,
    kind: row.kind as NoteKind,
    text: row.text as string,
    correctsId: numOrNull(row.corrects_id),
    changeId: numOrNull(row.change_id),
    authorId: num(row.author_id),
    authorName: row.display_name as string,
    createdAt: row.created_at as Date,
  };
}

export const notesRepository = {
  async insert(tx: Tx, note: Omit<NoteRecord, 'id' | 'orderNo' | 'authorName'>): Promise<number> {
    const result = (await tx.query('INSERT INTO order_note (order_id, kind, text, corrects_id, change_id, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      note.orderId,
      note.kind,
      note.text,
      note.correctsId,
      note.changeId,
      note.authorId,
      note.createdAt,
    ])) as { insertId: number };
    return num(result.insertId);
  },

  async find(tx: Tx, id: number): Promise<NoteRecord | null> {
    const rows = (await tx.query(`SELECT ${SELECT} WHERE n.id = ?`, [id])) as Raw[];
    return rows[0] ? toNote(rows[0]) : null;
  },

  /** Oldest first: the order's notes read as its story. */
  async ofOrder(tx: Tx, orderId: number): Promise<NoteRecord[]> {
    return ((await tx.query(`SELECT ${SELECT} WHERE n.order_id = ? ORDER BY n.id`, [orderId])) as Raw[]).map(toNote);
  },
};
