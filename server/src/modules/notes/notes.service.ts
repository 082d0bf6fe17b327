/**
 * Signed order notes (红旗备注; docs/orders.md "Notes"). The text is the rulebook's template
 * for the kind (shared/src/domain/orders/notes.ts), signed with the author's display name and
 * the shop's date — both from the session and the clock. Append-only: a correction is a new
 * note naming the corrected one. Other modules write notes through `write`, in their transaction.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { formatAddress } from '@kefu/shared/domain/orders/receiver';
import { noteText, type NoteFields } from '@kefu/shared/domain/orders/notes';
import type { NewNote, Note, NotesList } from '@kefu/shared/schemas/notes';
import { ORDER_READERS } from '@kefu/shared/domain/orders/status';
import { audit } from '../audit/audit.service.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { transactionWithRetry, type Tx } from '../../platform/db.ts';
import { notesRepository, type NoteRecord } from './notes.repository.ts';

export function presentNote(note: NoteRecord): Note {
  return {
    id: note.id,
    orderNo: note.orderNo,
    kind: note.kind,
    text: note.text,
    correctsId: note.correctsId,
    changeId: note.changeId,
    authorId: note.authorId,
    authorName: note.authorName,
    createdAt: note.createdAt.toISOString(),
  };
}

/** The request's fields as the template takes them (an address in parts becomes one line). */
export function noteFieldsOf(input: NewNote): NoteFields {
  return input.kind === 'address' ? { kind: 'address', address: formatAddress(input.address) } : input;
}

/** After the commit: the order's detail and the side panel refetch. */
export function announceNotes(io: Io, order: { orderNo: string; buyerId: string }): void {
  io.to(ORDER_READERS.map(rooms.role)).emit('order:notes-changed', { orderNo: order.orderNo, buyerId: order.buyerId });
}

export class NotesService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  /** Writes a signed note in the caller's transaction; the author and the date are never the caller's choice of text. */
  async write(tx: Tx, input: { orderId: number; fields: NoteFields; author: { id: number; displayName: string }; at: Date; changeId?: number | null }): Promise<NoteRecord> {
    const id = await notesRepository.insert(tx, {
      orderId: input.orderId,
      kind: input.fields.kind,
      text: noteText(input.fields, input.author.displayName, input.at, this.tz),
      correctsId: input.fields.kind === 'correction' ? input.fields.corrects : null,
      changeId: input.changeId ?? null,
      authorId: input.author.id,
      createdAt: input.at,
    });
    return (await notesRepository.find(tx, id))!;
  }

  async list(orderNo: string): Promise<NotesList> {
    const order = await ordersRepository.findByNo(this.db.manager, orderNo);
    if (!order) throw new AppError('not_found', `No order ${orderNo}`);
    return { notes: (await notesRepository.ofOrder(this.db.manager, order.id)).map(presentNote) };
  }

  async add(orderNo: string, input: NewNote, actor: Actor): Promise<Note> {
    const now = this.clock();
    const { note, order } = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${orderNo}`);
      if (input.kind === 'correction') {
        const corrected = await notesRepository.find(tx, input.corrects);
        if (!corrected || corrected.orderId !== order.id) throw new AppError('invalid', `Note ${input.corrects} is not a note of order ${orderNo}`, { field: 'corrects' });
      }
      const note = await this.write(tx, { orderId: order.id, fields: noteFieldsOf(input), author: actor, at: now });
      await audit(tx, { actorId: actor.id, action: 'order.note', entity: 'order', entityId: orderNo, details: { noteId: note.id, kind: note.kind }, ip: actor.ip, at: now });
      return { note, order };
    });
    announceNotes(this.io, order);
    return presentNote(note);
  }
}
