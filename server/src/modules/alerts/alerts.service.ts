/**
 * The printers' alert channel (订单跟踪, docs/orders.md "Alerts"): alerts are raised inside
 * the transaction of what causes them (a change, a cancellation), claimed by exactly one
 * printer, and done with a reply that reaches the asking agent. After each commit: the
 * escalation job is enqueued, then the event emitted (commit, then enqueue, then emit).
 */
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { ALERT_AUDIENCES, mayHandleAlert, type AlertAudience } from '@kefu/shared/domain/orders/alerts';
import type { Alert, AlertsList, AlertsQuery } from '@kefu/shared/schemas/alerts';
import { audit } from '../audit/audit.service.ts';
import type { Actor } from '../../platform/http.ts';
import { rooms, type Io } from '../../platform/realtime.ts';
import { transactionWithRetry, type Tx } from '../../platform/db.ts';
import { alertsRepository, type AlertRecord, type NewAlert } from './alerts.repository.ts';

export function presentAlert(alert: AlertRecord): Alert {
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  const ref = (id: number | null, name: string | null) => (id === null ? null : { id, displayName: name ?? '' });
  return {
    id: alert.id,
    orderNo: alert.orderNo,
    buyerId: alert.buyerId,
    changeId: alert.changeId,
    audience: alert.audience,
    kind: alert.kind,
    summary: alert.summary,
    noteText: alert.noteText,
    urgent: alert.urgent,
    status: alert.status,
    requestedBy: { id: alert.requestedBy, displayName: alert.requestedByName },
    createdAt: alert.createdAt.toISOString(),
    claimedBy: ref(alert.claimedBy, alert.claimedByName),
    claimedAt: iso(alert.claimedAt),
    doneBy: ref(alert.doneBy, alert.doneByName),
    doneAt: iso(alert.doneAt),
    reply: alert.reply,
    escalatedAt: iso(alert.escalatedAt),
    flaggedAt: iso(alert.flaggedAt),
    wrongInfo: alert.wrongInfo,
    version: alert.version,
  };
}

/** After the commit: the audience, the supervisors and the asking agent see the alert as it is now. */
export function announceAlerts(io: Io, alerts: readonly AlertRecord[]): void {
  for (const alert of alerts) {
    io.to([rooms.role(alert.audience), rooms.role('supervisor'), rooms.staff(alert.requestedBy)]).emit('alert:changed', { alert: presentAlert(alert) });
  }
}

/** Runs in the transaction that closes an alert: what its cause does when the printer has handled it. */
export type AlertDoneHook = (tx: Tx, alert: AlertRecord, actor: Actor, now: Date) => Promise<void>;

export class AlertsService {
  private readonly doneHooks: AlertDoneHook[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly io: Io,
    /** The alerts queue (escalation); null where no worker runs (never in the app). */
    private readonly queue: Queue | null,
    private readonly clock: () => Date,
    private readonly escalateAfterMinutes: number,
  ) {}

  /** Registered where the app is composed: the changes module finishes its change, writes its note. */
  onDone(hook: AlertDoneHook): void {
    this.doneHooks.push(hook);
  }

  /** Raises an alert in the caller's transaction; call `raised` with the ids after the commit. */
  async raise(tx: Tx, alert: NewAlert): Promise<number> {
    return alertsRepository.insert(tx, alert);
  }

  /** After the commit of a raise: the escalation is scheduled, then the audience told. */
  async raised(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    const alerts = await alertsRepository.byIds(this.db.manager, ids);
    if (this.queue) {
      for (const alert of alerts) {
        await this.queue.add(
          'alerts.escalate',
          { alertId: alert.id },
          { jobId: `alert-escalate-${alert.id}`, delay: this.escalateAfterMinutes * 60_000, attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100, removeOnFail: 100 },
        );
      }
    }
    announceAlerts(this.io, alerts);
  }

  /**
   * In the caller's transaction: the order's unfinished alerts of this kind closed by what was
   * done elsewhere (the exchange waybill printed, its number entered), with `reply` recorded as
   * the report back and audited; call `announce` with the ids after the commit.
   */
  async closeDoneIn(tx: Tx, orderId: number, kind: AlertRecord['kind'], reply: string, actor: Actor, now: Date): Promise<number[]> {
    const ids = await alertsRepository.closeDone(tx, orderId, kind, actor.id, now, reply);
    for (const id of ids) {
      const done = (await alertsRepository.find(tx, id))!;
      // The reply is part of the order's story like any report back (the note hook).
      for (const hook of this.doneHooks) await hook(tx, done, actor, now);
      await audit(tx, { actorId: actor.id, action: 'alert.done', entity: 'alert', entityId: String(id), details: { orderNo: done.orderNo, kind, reply, auto: true }, ip: actor.ip, at: now });
    }
    return ids;
  }

  /** After the commit: the alerts' audience sees them as they are now. */
  async announce(ids: readonly number[]): Promise<void> {
    if (ids.length) announceAlerts(this.io, await alertsRepository.byIds(this.db.manager, ids));
  }

  async list(query: AlertsQuery, actor: Actor): Promise<AlertsList> {
    // The supervisor sees every alert; others those for their roles and those they asked for.
    const audiences = actor.roles.includes('supervisor') ? null : ALERT_AUDIENCES.filter((audience) => actor.roles.includes(audience));
    const alerts = await alertsRepository.list(this.db.manager, { status: query.status, audiences, requestedBy: actor.id, limit: query.limit, ...(query.orderNo ? { orderNo: query.orderNo } : {}), ...(query.audience ? { audience: query.audience } : {}) });
    return { alerts: alerts.map(presentAlert) };
  }

  /** Exactly one winner: the row lock orders two claims; the second finds it claimed (409, claimedBy). */
  async claim(id: number, actor: Actor): Promise<Alert> {
    const now = this.clock();
    const claimed = await transactionWithRetry(this.db, async (tx) => {
      const alert = await alertsRepository.find(tx, id, { lock: true });
      if (!alert) throw new AppError('not_found', `No alert ${id}`);
      this.assertHandler(alert.audience, actor);
      if (alert.status !== 'open' || !(await alertsRepository.claim(tx, id, actor.id, now))) {
        throw new AppError('conflict', alert.status === 'done' ? `Alert ${id} is done already` : `Alert ${id} is claimed by ${alert.claimedByName ?? 'someone'} already`, {
          status: alert.status,
          claimedBy: alert.claimedBy === null ? null : { id: alert.claimedBy, displayName: alert.claimedByName },
        });
      }
      await audit(tx, { actorId: actor.id, action: 'alert.claim', entity: 'alert', entityId: String(id), details: { orderNo: alert.orderNo }, ip: actor.ip, at: now });
      return (await alertsRepository.find(tx, id))!;
    });
    announceAlerts(this.io, [claimed]);
    return presentAlert(claimed);
  }

  /**
   * The report back (打单 ④): only the claimer (or the supervisor) closes it, with a reply.
   * A warehouse clerk may add what was wrong in the request's information (rule 12, G12).
   */
  async done(id: number, reply: string, actor: Actor, wrongInfo?: string): Promise<Alert> {
    const now = this.clock();
    const closed = await transactionWithRetry(this.db, async (tx) => {
      const alert = await alertsRepository.find(tx, id, { lock: true });
      if (!alert) throw new AppError('not_found', `No alert ${id}`);
      this.assertHandler(alert.audience, actor);
      if (alert.status === 'open') throw new AppError('conflict', `Alert ${id} is not claimed: claim it first`, { status: alert.status });
      if (alert.status === 'done') throw new AppError('conflict', `Alert ${id} is done already`, { status: alert.status });
      if (wrongInfo !== undefined && alert.audience !== 'warehouse') {
        throw new AppError('invalid', 'wrongInfo is for requests to the warehouse only', { reason: 'wrong_info_not_warehouse', field: 'wrongInfo' });
      }
      const supervisor = actor.roles.includes('supervisor');
      if (!(await alertsRepository.done(tx, id, actor.id, now, reply, { anyClaimer: supervisor }))) {
        throw new AppError('conflict', `Alert ${id} is claimed by ${alert.claimedByName ?? 'someone else'}`, { status: alert.status, claimedBy: { id: alert.claimedBy, displayName: alert.claimedByName } });
      }
      if (wrongInfo !== undefined) await alertsRepository.markWrongInfo(tx, id, wrongInfo, now);
      const done = (await alertsRepository.find(tx, id))!;
      for (const hook of this.doneHooks) await hook(tx, done, actor, now);
      await audit(tx, { actorId: actor.id, action: 'alert.done', entity: 'alert', entityId: String(id), details: { orderNo: alert.orderNo, reply, ...(wrongInfo !== undefined ? { wrongInfo } : {}) }, ip: actor.ip, at: now });
      return done;
    });
    announceAlerts(this.io, [closed]);
    return presentAlert(closed);
  }

  private assertHandler(audience: AlertAudience, actor: Actor): void {
    if (!mayHandleAlert(actor.roles, audience)) throw new AppError('forbidden', `This alert is for the ${audience} role`);
  }
}
