import type { EntityManager } from 'typeorm';
import { AuditEntity } from './audit.entity.ts';

export interface AuditEvent {
  actorId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: unknown;
  ip?: string | null;
  at: Date;
}

/**
 * Every write goes through here, in the same transaction as the write itself, so a change
 * and its audit line are committed together or not at all.
 */
export async function audit(tx: EntityManager, event: AuditEvent): Promise<void> {
  await tx.getRepository(AuditEntity).insert({
    actorId: event.actorId,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
    details: event.details === undefined ? null : JSON.stringify(event.details),
    ip: event.ip ?? null,
    at: event.at,
  });
}

/** Several audit lines in one statement (a batch of writes in one transaction, such as a hand-over). */
export async function auditAll(tx: EntityManager, events: readonly AuditEvent[]): Promise<void> {
  if (!events.length) return;
  await tx.getRepository(AuditEntity).insert(
    events.map((event) => ({
      actorId: event.actorId,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      details: event.details === undefined ? null : JSON.stringify(event.details),
      ip: event.ip ?? null,
      at: event.at,
    })),
  );
}
