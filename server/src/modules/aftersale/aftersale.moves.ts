/**
 * Moving a case, inside the caller's transaction: the case's row lock, its version, the
 * state table (shared/src/domain/aftersale/states.ts), then one guarded UPDATE, a line of
 * the story and an audit row. Other modules (recall slips, printing) call these through
 * AftersaleService so a step and what causes it commit together.
 */
import { AppError } from '@kefu/shared/errors';
import { takeStep, type CaseStep, type StepRefusal } from '@kefu/shared/domain/aftersale/states';
import { postageRefusal } from '@kefu/shared/domain/aftersale/postage';
import { audit } from '../audit/audit.service.ts';
import type { Tx } from '../../platform/db.ts';
import type { Actor } from '../../platform/http.ts';
import { aftersaleRepository, type CaseChanges, type CaseRecord } from './aftersale.repository.ts';
import { evidenceRepository } from './aftersale.evidence.ts';

export interface MoveOptions {
  /** The version the person saw; omitted by callers that hold the case's lock for their own reasons. */
  version?: number;
  actor: Actor;
  now: Date;
  changes?: CaseChanges;
  /** What the story line and the audit row record besides the step. */
  payload?: Record<string, unknown>;
}

const STEP_REFUSALS: Record<StepRefusal, (record: CaseRecord, step: CaseStep) => AppError> = {
  wrong_kind: (record, step) => new AppError('conflict', `Case #${record.id} is a ${record.kind} case: ${step} does not apply to it`, { reason: 'case_wrong_kind', kind: record.kind, step }),
  wrong_state: (record, step) => new AppError('conflict', `Case #${record.id} is ${record.status}: ${step} is not the next step`, { reason: 'case_wrong_state', status: record.status, step }),
  not_received: (record) =>
    new AppError('conflict', `Case #${record.id}: the return has not been received; an exchange ships before that only with the supervisor's approval`, { reason: 'case_not_received', status: record.status }),
  not_your_step: (record, step) => new AppError('forbidden', `Your roles may not take the step ${step} on case #${record.id}`, { reason: 'case_not_your_step', step }),
};

/** The case under its row lock, at the version the person saw. */
export async function lockCase(tx: Tx, id: number, version?: number): Promise<CaseRecord> {
  const current = await aftersaleRepository.find(tx, id, { lock: true });
  if (!current) throw new AppError('not_found', `No after-sale case ${id}`);
  if (version !== undefined && current.version !== version) {
    throw new AppError('conflict', `Case #${id} was changed since you opened it; look again`, { reason: 'case_stale', version: current.version });
  }
  return current;
}

/** Refuses (400) details that break the postage rules (A02, A03, A04). */
export async function assertPostageRules(tx: Tx, merged: Pick<CaseRecord, 'id' | 'quality' | 'qualityLocation' | 'liningInsole' | 'returnPostagePayer'>, extraPhotos = 0): Promise<void> {
  const photoCount = (merged.id ? await evidenceRepository.photoCount(tx, merged.id) : 0) + extraPhotos;
  const refusal = postageRefusal({ quality: merged.quality, qualityLocation: merged.qualityLocation, liningInsole: merged.liningInsole, returnPayer: merged.returnPostagePayer, photoCount });
  if (!refusal) return;
  const messages = {
    quality_location_required: ['qualityLocation', 'A quality case must say exactly where on the shoe the problem is (A03)'],
    shop_pays_not_quality: ['returnPostagePayer', 'The shop pays the return postage only for a quality problem (A02)'],
    photos_required: ['photoIds', "Photos from this buyer's chat must confirm the problem before the shop pays the postage (A04; lining and insole excepted)"],
  } as const;
  const [field, message] = messages[refusal];
  throw new AppError('invalid', message, { reason: refusal, field });
}

async function write(tx: Tx, current: CaseRecord, what: string, options: MoveOptions, changes: CaseChanges): Promise<CaseRecord> {
  if (!(await aftersaleRepository.update(tx, current.id, current.version, changes))) {
    throw new AppError('conflict', `Case #${current.id} was changed meanwhile; look again`, { reason: 'case_stale' });
  }
  const payload = options.payload && Object.keys(options.payload).length ? options.payload : undefined;
  await aftersaleRepository.addEvent(tx, { caseId: current.id, what, by: options.actor.id, at: options.now, payload });
  await audit(tx, { actorId: options.actor.id, action: `aftersale.${what}`, entity: 'after_sale_case', entityId: current.id, details: payload ?? {}, ip: options.actor.ip, at: options.now });
  return (await aftersaleRepository.find(tx, current.id))!;
}

/** One step of the state table. */
export async function moveCase(tx: Tx, step: CaseStep, id: number, options: MoveOptions): Promise<{ before: CaseRecord; after: CaseRecord }> {
  const before = await lockCase(tx, id, options.version);
  const outcome = takeStep(step, { kind: before.kind, status: before.status, earlyShipApproved: before.earlyShipApprovedAt !== null }, options.actor.roles);
  if (!outcome.ok) throw STEP_REFUSALS[outcome.refusal](before, step);
  const after = await write(tx, before, STEP_EVENT[step], options, { ...options.changes, status: outcome.to });
  return { before, after };
}

/** A change that is not a step (details, photos, ticks, approvals, the postage refund): still versioned and in the story. */
export async function editCase(tx: Tx, id: number, what: string, options: MoveOptions & { check?: (current: CaseRecord) => Promise<void> | void; allowFinished?: boolean }): Promise<CaseRecord> {
  const current = await lockCase(tx, id, options.version);
  if (!options.allowFinished && (current.status === 'closed' || current.status === 'rejected')) {
    throw new AppError('conflict', `Case #${id} is ${current.status}`, { reason: 'case_wrong_state', status: current.status, step: what });
  }
  await options.check?.(current);
  return write(tx, current, what, options, options.changes ?? {});
}

/** The story line each step writes. */
const STEP_EVENT: Record<CaseStep, string> = {
  return_sent: 'return_sent',
  receive: 'received',
  refund: 'refunded',
  ship_exchange: 'exchange_shipped',
  close: 'closed',
  reject: 'rejected',
};
