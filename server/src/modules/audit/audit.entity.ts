import { EntitySchema } from 'typeorm';
import { instant } from '../../platform/columns.ts';

/** Append-only: who did what to which record, when, from which IP. Never updated or deleted. */
export interface AuditRow {
  id: string;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: string | null;
  ip: string | null;
  at: Date;
}

export const AuditEntity = new EntitySchema<AuditRow>({
  name: 'Audit',
  tableName: 'audit_log',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    actorId: { name: 'actor_id', type: 'int', nullable: true },
    action: { type: 'varchar', length: 64 },
    entity: { type: 'varchar', length: 32 },
    entityId: { name: 'entity_id', type: 'varchar', length: 64, nullable: true },
    details: { type: 'text', nullable: true },
    ip: { type: 'varchar', length: 64, nullable: true },
    at: instant(),
  },
});
