/**
 * Swaps (换班): asked by one person, accepted by the colleague, approved by the supervisor
 * (docs/roster.md). The rules are the pure `swapRefusal`, checked again at every step with
 * the clock of that step, so a swap approved after its shift began is refused. Approving
 * moves the two assignments in the same transaction; each carries the swap's id.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { addDays, formatSegments, shiftStart } from '@kefu/shared/domain/roster/shifts';
import { swapRefusal, type SwapShift } from '@kefu/shared/domain/roster/swaps';
import type { SwapView } from '@kefu/shared/schemas/roster';
import { audit } from '../audit/audit.service.ts';
import { notificationsRepository, type NewNotification, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { pushNotifications } from '../notifications/notifications.service.ts';
import { affectedRows } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { rosterRepository as repo, type ShiftRow } from './roster.repository.ts';

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
const ACTIVE = "('asked', 'accepted', 'approved')";

export class SwapsService {
  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {}

  private swapShift(row: ShiftRow | null): SwapShift | null {
    if (!row || row.monthStatus !== 'published') return null;
    return { staffId: row.staffId, day: row.day, role: row.role, startsAt: shiftStart(row.day, row.segments, this.tz), holiday: row.holiday !== null, fromSwap: row.swapId !== null };
  }

  /** Checks the rules for this pair now; throws 409 with the reason, else returns both shifts. */
  private async check(tx: EntityManager, requesterId: number, requesterDay: string, colleagueId: number, colleagueDay: string, exceptSwapId: number | null, now: Date): Promise<{ given: ShiftRow; taken: ShiftRow }> {
    const givenRow = await repo.shiftOn(tx, requesterId, requesterDay, true);
    const takenRow = await repo.shiftOn(tx, colleagueId, colleagueDay, true);
    // Once approved, the shifts carry this swap's id; they are the swap's own, not an earlier one's.
    const given = this.swapShift(givenRow);
    const taken = this.swapShift(takenRow);
    const days = [requesterDay, colleagueDay];
    const from = addDays([...days].sort()[0]!, -1);
    const to = addDays([...days].sort()[1]!, 1);
    const others = (await tx.query(
      `SELECT DATE_FORMAT(requester_day, '%Y-%m-%d') AS a, DATE_FORMAT(colleague_day, '%Y-%m-%d') AS b FROM roster_swap
       WHERE status IN ${ACTIVE} AND id <> ? AND (requester_id IN (?, ?) OR colleague_id IN (?, ?))
         AND ((requester_day >= ? AND requester_day <= ?) OR (colleague_day >= ? AND colleague_day <= ?))`,
      [exceptSwapId ?? 0, requesterId, colleagueId, requesterId, colleagueId, from, to, from, to],
    )) as Array<{ a: string; b: string }>;
    const leave = (await tx.query(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day FROM leave_request WHERE staff_id IN (?, ?) AND day IN (?, ?) AND status IN ('asked', 'approved')",
      [requesterId, colleagueId, requesterDay, colleagueDay],
    )) as Array<{ day: string }>;
    const refusal = swapRefusal({
      now,
      requesterId,
      colleagueId,
      given,
      taken,
      requesterRoles: await repo.rolesOf(tx, requesterId),
      colleagueRoles: await repo.rolesOf(tx, colleagueId),
      requesterDays: await repo.days(tx, requesterId, colleagueDay, colleagueDay),
      colleagueDays: await repo.days(tx, colleagueId, requesterDay, requesterDay),
      otherSwapDays: others.flatMap((o) => [o.a, o.b]),
      leaveDays: leave.map((l) => l.day),
    });
    if (refusal) throw new AppError('conflict', `This swap is not allowed (${refusal})`, { reason: refusal });
    return { given: givenRow!, taken: takenRow! };
  }

  private async view(tx: Pick<EntityManager, 'query'>, r: Row): Promise<SwapView> {
    const requesterDay = String(r.requester_day);
    const colleagueDay = String(r.colleague_day);
    // How many of each role work both shifts once the swap is done (each person takes the other's role on it).
    const remaining = [];
    for (const [staffId, day] of [[Number(r.colleague_id), requesterDay], [Number(r.requester_id), colleagueDay]] as const) {
      const status = String(r.status);
      const holder = status === 'approved' ? staffId : staffId === Number(r.colleague_id) ? Number(r.requester_id) : Number(r.colleague_id);
      const shift = await repo.shiftOn(tx, holder, day);
      if (shift) remaining.push({ day, templateId: shift.templateId, counts: await repo.counts(tx, day, shift.templateId) });
    }
    return {
      id: Number(r.id),
      month: String(r.month),
      requesterId: Number(r.requester_id),
      requesterName: String(r.requester_name),
      requesterDay,
      colleagueId: Number(r.colleague_id),
      colleagueName: String(r.colleague_name),
      colleagueDay,
      note: String(r.note),
      status: r.status as SwapView['status'],
      askedAt: iso(r.asked_at)!,
      acceptedAt: iso(r.accepted_at),
      decidedBy: r.decided_by === null ? null : Number(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionNote: (r.decision_note as string | null) ?? null,
      version: Number(r.version),
      remaining,
    };
  }

  private readonly select = `SELECT w.*, DATE_FORMAT(w.requester_day, '%Y-%m-%d') AS requester_day, DATE_FORMAT(w.colleague_day, '%Y-%m-%d') AS colleague_day,
    rq.display_name AS requester_name, co.display_name AS colleague_name
    FROM roster_swap w JOIN staff rq ON rq.id = w.requester_id JOIN staff co ON co.id = w.colleague_id`;

  private async one(tx: Pick<EntityManager, 'query'>, id: number, lock = false): Promise<Row> {
    const rows = (await tx.query(`${this.select} WHERE w.id = ?${lock ? ' FOR UPDATE' : ''}`, [id])) as Row[];
    if (!rows[0]) throw new AppError('not_found', `No swap ${id}`);
    return rows[0];
  }

  /** The supervisor sees every swap of the month; others those they are part of. */
  async list(month: string, actor: Actor): Promise<SwapView[]> {
    const mineOnly = !actor.roles.includes('supervisor');
    const rows = (await this.db.query(`${this.select} WHERE w.month = ?${mineOnly ? ' AND (w.requester_id = ? OR w.colleague_id = ?)' : ''} ORDER BY w.id DESC`, mineOnly ? [month, actor.id, actor.id] : [month])) as Row[];
    const views: SwapView[] = [];
    for (const r of rows) views.push(await this.view(this.db.manager, r));
    return views;
  }

  async ask(input: { requesterDay: string; colleagueId: number; colleagueDay: string; note: string }, actor: Actor): Promise<SwapView> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const view = await this.db.transaction(async (tx) => {
      await this.check(tx, actor.id, input.requesterDay, input.colleagueId, input.colleagueDay, null, now);
      const result = (await tx.query(
        "INSERT INTO roster_swap (month, requester_id, requester_day, colleague_id, colleague_day, note, status, asked_at, version) VALUES (?, ?, ?, ?, ?, ?, 'asked', ?, 1)",
        [input.requesterDay.slice(0, 7), actor.id, input.requesterDay, input.colleagueId, input.colleagueDay, input.note, now],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await audit(tx, { actorId: actor.id, action: 'roster.swap.ask', entity: 'roster_swap', entityId: id, details: input, ip: actor.ip, at: now });
      notes = await notificationsRepository.insert(tx, [{ staffId: input.colleagueId, kind: 'swap.asked', payload: { swapId: id, month: input.requesterDay.slice(0, 7) } }], now);
      return this.view(tx, await this.one(tx, id));
    });
    this.after(notes, view);
    return view;
  }

  private after(notes: NotificationRecord[], view: SwapView): void {
    pushNotifications(this.io, notes);
    this.io.to([rooms.staff(view.requesterId), rooms.staff(view.colleagueId), rooms.role('supervisor')]).emit('roster:changed', { month: view.month, version: 0 });
  }

  private async move(
    id: number,
    version: number,
    actor: Actor,
    step: { from: readonly string[]; to: string; who: 'requester' | 'colleague' | 'supervisor'; recheck: boolean; note?: string | undefined },
    notify: (r: Row) => NewNotification[],
    apply?: (tx: EntityManager, r: Row, shifts: { given: ShiftRow; taken: ShiftRow }) => Promise<void>,
  ): Promise<SwapView> {
    const now = this.clock();
    let notes: NotificationRecord[] = [];
    const view = await this.db.transaction(async (tx) => {
      const r = await this.one(tx, id, true);
      const mayAct = step.who === 'supervisor' ? actor.roles.includes('supervisor') : Number(step.who === 'requester' ? r.requester_id : r.colleague_id) === actor.id;
      if (!mayAct) throw new AppError('forbidden', step.who === 'supervisor' ? 'Only a supervisor decides swaps' : `Only the swap's ${step.who} can do this`);
      if (Number(r.version) !== version) throw new AppError('conflict', 'Someone else has changed this swap; reload it', { reason: 'stale' });
      if (!step.from.includes(String(r.status))) throw new AppError('conflict', `A swap that is ${String(r.status)} cannot be ${step.to}`, { reason: 'swap_status', status: r.status });
      const shifts = step.recheck ? await this.check(tx, Number(r.requester_id), String(r.requester_day), Number(r.colleague_id), String(r.colleague_day), id, now) : null;
      const stamp = step.to === 'accepted' ? ', accepted_at = ?' : ', decided_by = ?, decided_at = ?, decision_note = ?';
      const stampValues = step.to === 'accepted' ? [now] : [actor.id, now, step.note ?? null];
      const result = await tx.query(`UPDATE roster_swap SET status = ?, version = version + 1${stamp} WHERE id = ? AND version = ?`, [step.to, ...stampValues, id, version]);
      if (affectedRows(result) !== 1) throw new AppError('conflict', 'Someone else has changed this swap; reload it', { reason: 'stale' });
      if (apply && shifts) await apply(tx, r, shifts);
      await audit(tx, { actorId: actor.id, action: `roster.swap.${step.to}`, entity: 'roster_swap', entityId: id, details: { note: step.note ?? null }, ip: actor.ip, at: now });
      notes = await notificationsRepository.insert(tx, notify(r).filter((n) => n.staffId !== actor.id), now);
      return this.view(tx, await this.one(tx, id));
    });
    this.after(notes, view);
    return view;
  }

  private supervisorsNotice = async (r: Row, kind: string): Promise<NewNotification[]> => {
    const supervisors = (await this.db.query("SELECT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.role = 'supervisor' WHERE s.active = 1")) as Array<{ id: number }>;
    return supervisors.map((s) => ({ staffId: Number(s.id), kind, payload: { swapId: Number(r.id), month: String(r.month) } }));
  };

  async accept(id: number, version: number, actor: Actor): Promise<SwapView> {
    const r0 = await this.one(this.db.manager, id);
    const toSupervisors = await this.supervisorsNotice(r0, 'swap.accepted');
    return this.move(id, version, actor, { from: ['asked'], to: 'accepted', who: 'colleague', recheck: true }, () => toSupervisors);
  }

  decline(id: number, version: number, actor: Actor): Promise<SwapView> {
    return this.move(id, version, actor, { from: ['asked'], to: 'refused', who: 'colleague', recheck: false }, (r) => [{ staffId: Number(r.requester_id), kind: 'swap.refused', payload: { swapId: id, month: String(r.month) } }]);
  }

  cancel(id: number, version: number, actor: Actor): Promise<SwapView> {
    return this.move(id, version, actor, { from: ['asked', 'accepted'], to: 'cancelled', who: 'requester', recheck: false }, (r) => [{ staffId: Number(r.colleague_id), kind: 'swap.cancelled', payload: { swapId: id, month: String(r.month) } }]);
  }

  decide(id: number, input: { version: number; approve: boolean; note?: string | undefined }, actor: Actor): Promise<SwapView> {
    const to = input.approve ? 'approved' : 'refused';
    const both = (r: Row) => [Number(r.requester_id), Number(r.colleague_id)].map((staffId) => ({ staffId, kind: `swap.${to}`, payload: { swapId: id, month: String(r.month) } }));
    return this.move(id, input.version, actor, { from: ['accepted'], to, who: 'supervisor', recheck: input.approve, note: input.note }, both, async (tx, _r, { given, taken }) => {
      if (given.day === taken.day) {
        // Same day: the two exchange their shifts (template, role and the shift's own times).
        await tx.query('UPDATE roster_assignment SET template_id = ?, role = ?, segments = ?, swap_id = ? WHERE id = ?', [taken.templateId, taken.role, formatSegments(taken.segments), id, given.id]);
        await tx.query('UPDATE roster_assignment SET template_id = ?, role = ?, segments = ?, swap_id = ? WHERE id = ?', [given.templateId, given.role, formatSegments(given.segments), id, taken.id]);
      } else {
        // Different days: each works the other's shift (neither had one on the other's day).
        await tx.query('UPDATE roster_assignment SET staff_id = ?, swap_id = ? WHERE id = ?', [taken.staffId, id, given.id]);
        await tx.query('UPDATE roster_assignment SET staff_id = ?, swap_id = ? WHERE id = ?', [given.staffId, id, taken.id]);
      }
    });
  }
}
