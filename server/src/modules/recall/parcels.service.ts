/**
 * Difficult parcels (疑难件, docs/recall.md): a parcel forwarded, lost or sent again is
 * followed with dated follow-ups until it is delivered or comes back. Each follow-up either
 * sets the next date or ends it; guarded by the version, audited.
 *
 * Each parcel is a registry case of kind `difficult` (issue 10, docs/aftersale.md): opened
 * with the parcel in one transaction (or the order's open `difficult` case, when after-sale
 * registered it first), its follow-ups in the case's story, and closed by the follow-up that
 * says the parcel was delivered or came back.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import { followUpDue, PARCEL_READERS, type ParcelKind, type ParcelStatus } from '@kefu/shared/domain/recall/recall';
import type { DifficultParcel, NewParcel, ParcelFollowUp, ParcelsList, ParcelsQuery } from '@kefu/shared/schemas/recall';
import { audit } from '../audit/audit.service.ts';
import { aftersaleRepository, type CaseRecord } from '../aftersale/aftersale.repository.ts';
import { moveCase } from '../aftersale/aftersale.moves.ts';
import { ordersRepository } from '../orders/orders.repository.ts';
import { affectedRows, transactionWithRetry, type Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';

type Raw = Record<string, any>;

export class ParcelsService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
    /** Tells the registry's readers a case changed (AftersaleService.afterCommit). */
    private readonly casesChanged: (records: CaseRecord[]) => Promise<void> = async () => {},
  ) {}

  /** Open ones by their next follow-up date (due first), then the ended ones, newest first. */
  async list(query: ParcelsQuery): Promise<ParcelsList> {
    const rows = (await this.db.query(
      `SELECT p.*, s.display_name AS created_by_name FROM difficult_parcel p JOIN staff s ON s.id = p.created_by
       ${query.status ? 'WHERE p.status = ?' : ''} ORDER BY p.status = 'open' DESC, p.next_follow_up_on, p.id DESC LIMIT ?`,
      query.status ? [query.status, query.limit] : [query.limit],
    )) as Raw[];
    return { parcels: await this.present(this.db.manager, rows) };
  }

  async create(input: NewParcel, actor: Actor): Promise<DifficultParcel> {
    const now = this.clock();
    if (input.nextFollowUpOn < shopDay(now, this.tz)) throw new AppError('invalid', 'nextFollowUpOn is in the past', { field: 'nextFollowUpOn', reason: 'past_day' });
    const { parcel, record } = await transactionWithRetry(this.db, async (tx) => {
      const order = await ordersRepository.findByNo(tx, input.orderNo, { lock: true });
      if (!order) throw new AppError('not_found', `No order ${input.orderNo}`, { field: 'orderNo' });
      if (order.status !== 'shipped') throw new AppError('conflict', `Order ${input.orderNo} is ${order.status}: a difficult parcel is one on its way (shipped)`, { reason: 'parcel_not_shipped', status: order.status });
      // The registry's case: the order's open difficult case when after-sale registered it first.
      const existing = await aftersaleRepository.openCaseOf(tx, order.id);
      if (existing && existing.kind !== 'difficult') {
        throw new AppError('conflict', `Order ${input.orderNo} already has an open case (#${existing.id}, ${existing.kind})`, { reason: 'case_open', caseId: existing.id });
      }
      if (existing) {
        const followed = (await tx.query('SELECT id FROM difficult_parcel WHERE case_id = ?', [existing.id])) as Raw[];
        if (followed.length) throw new AppError('conflict', `Order ${input.orderNo}'s parcel is followed already (#${followed[0]!.id})`, { reason: 'parcel_exists', parcelId: Number(followed[0]!.id) });
      }
      const caseId =
        existing?.id ??
        (await aftersaleRepository.insert(tx, { orderId: order.id, orderNo: order.orderNo, buyerId: order.buyerId, kind: 'difficult', reason: input.description, openedBy: actor.id, openedAt: now }));
      const result = (await tx.query(
        `INSERT INTO difficult_parcel (order_id, order_no, case_id, tracking_no, kind, status, description, next_follow_up_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
        [order.id, order.orderNo, caseId, order.trackingNo, input.kind, input.description, input.nextFollowUpOn, actor.id, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'parcel.open', entity: 'difficult_parcel', entityId: id, details: { ...input, caseId }, ip: actor.ip, at: now });
      return { parcel: await this.one(tx, id), record: (await aftersaleRepository.find(tx, caseId))! };
    });
    this.announce(parcel);
    await this.casesChanged([record]);
    return parcel;
  }

  async followUp(id: number, input: ParcelFollowUp, actor: Actor): Promise<DifficultParcel> {
    const now = this.clock();
    if (input.nextFollowUpOn && input.nextFollowUpOn < shopDay(now, this.tz)) throw new AppError('invalid', 'nextFollowUpOn is in the past', { field: 'nextFollowUpOn', reason: 'past_day' });
    const { parcel, closed } = await transactionWithRetry(this.db, async (tx) => {
      const rows = (await tx.query('SELECT status, version, case_id FROM difficult_parcel WHERE id = ? FOR UPDATE', [id])) as Raw[];
      const current = rows[0];
      if (!current) throw new AppError('not_found', `No difficult parcel ${id}`);
      if (current.status !== 'open') throw new AppError('conflict', `Difficult parcel ${id} is ${current.status} already`, { reason: 'parcel_closed', status: current.status });
      if (Number(current.version) !== input.version) throw new AppError('conflict', `Difficult parcel ${id} was changed since you opened it; look again`, { reason: 'version_changed' });
      const status: ParcelStatus = input.ends ?? 'open';
      const updated = await tx.query('UPDATE difficult_parcel SET status = ?, next_follow_up_on = ?, closed_at = ?, version = version + 1 WHERE id = ? AND version = ?', [
        status,
        input.ends ? null : input.nextFollowUpOn,
        input.ends ? now : null,
        id,
        input.version,
      ]);
      if (affectedRows(updated) !== 1) throw new AppError('conflict', `Difficult parcel ${id} was changed meanwhile; look again`, { reason: 'version_changed' });
      await tx.query('INSERT INTO difficult_parcel_follow_up (parcel_id, note, next_follow_up_on, ends, by_staff_id, at) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        input.note,
        input.nextFollowUpOn ?? null,
        input.ends ?? null,
        actor.id,
        now,
      ]);
      await audit(tx, { actorId: actor.id, action: 'parcel.follow_up', entity: 'difficult_parcel', entityId: id, details: input, ip: actor.ip, at: now });
      const closed = input.ends && current.case_id !== null ? await this.closeCase(tx, Number(current.case_id), id, input.ends, input.note, actor, now) : null;
      return { parcel: await this.one(tx, id), closed };
    });
    this.announce(parcel);
    if (closed) await this.casesChanged([closed]);
    return parcel;
  }

  /**
   * Delivered or back: the parcel's case closes with how it ended, in the follow-up's
   * transaction. A case the registry finished already, or moved on (received, refunded),
   * is left as it is.
   */
  private async closeCase(tx: Tx, caseId: number, parcelId: number, ends: 'delivered' | 'returned', note: string, actor: Actor, now: Date): Promise<CaseRecord | null> {
    const record = await aftersaleRepository.find(tx, caseId, { lock: true });
    if (!record || record.status !== 'open') return null;
    const closeNote = `${ends === 'delivered' ? '已签收' : '原包裹已退回'}：${note}`.slice(0, 500);
    const { after } = await moveCase(tx, 'close', caseId, { actor, now, changes: { closedBy: actor.id, closedAt: now, closeNote }, payload: { note: closeNote, parcelId, ends } });
    return after;
  }

  private async one(tx: Tx, id: number): Promise<DifficultParcel> {
    const rows = (await tx.query('SELECT p.*, s.display_name AS created_by_name FROM difficult_parcel p JOIN staff s ON s.id = p.created_by WHERE p.id = ?', [id])) as Raw[];
    return (await this.present(tx, rows))[0]!;
  }

  private async present(tx: Tx, rows: Raw[]): Promise<DifficultParcel[]> {
    if (!rows.length) return [];
    const followUps = (await tx.query(
      `SELECT f.parcel_id, f.note, f.next_follow_up_on, f.ends, f.by_staff_id, s.display_name, f.at FROM difficult_parcel_follow_up f JOIN staff s ON s.id = f.by_staff_id
       WHERE f.parcel_id IN (${rows.map(() => '?').join(', ')}) ORDER BY f.id`,
      rows.map((r) => r.id),
    )) as Raw[];
    const today = shopDay(this.clock(), this.tz);
    return rows.map((r) => {
      const status = r.status as ParcelStatus;
      const nextFollowUpOn = (r.next_follow_up_on as string | null) ?? null;
      return {
        id: Number(r.id),
        orderNo: r.order_no as string,
        trackingNo: (r.tracking_no as string | null) ?? null,
        caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id),
        kind: r.kind as ParcelKind,
        status,
        description: r.description as string,
        nextFollowUpOn,
        due: followUpDue({ status, nextFollowUpOn }, today),
        createdBy: { id: Number(r.created_by), displayName: r.created_by_name as string },
        createdAt: (r.created_at as Date).toISOString(),
        closedAt: r.closed_at ? (r.closed_at as Date).toISOString() : null,
        followUps: followUps
          .filter((f) => Number(f.parcel_id) === Number(r.id))
          .map((f) => ({ note: f.note as string, by: { id: Number(f.by_staff_id), displayName: f.display_name as string }, at: (f.at as Date).toISOString(), nextFollowUpOn: (f.next_follow_up_on as string | null) ?? null, ends: (f.ends as string | null) ?? null })),
        version: Number(r.version),
      };
    });
  }

  private announce(parcel: DifficultParcel): void {
    this.io.to(PARCEL_READERS.map(rooms.role)).emit('recall:changed', { what: 'parcel', id: parcel.id, orderNo: parcel.orderNo, version: parcel.version });
  }
}
