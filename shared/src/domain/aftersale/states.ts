/**
 * The after-sale registry's state table (售后 ②④⑤⑥, 打单 ⑤⑥): which step moves a case from
 * which state, for which kinds, and who may take it. Pure; the service applies it under the
 * case's row lock and version.
 *
 *   open → awaiting_return (the buyer's return tracking number is entered)
 *        → received (the warehouse inspects and signs 已验收; for a recall or a difficult
 *          parcel the printer signs 原包裹已收到)
 *        → refunded | exchange_shipped → closed
 *   open | awaiting_return | received → rejected (with a reason)
 *   open → closed (the buyer withdrew; nothing came back)
 *   refund-only: open → refunded → closed
 *
 * An exchange is never shipped before the return is received unless the supervisor approved
 * it (`earlyShipApproved`, recorded with a reason).
 */
import type { Role } from '../staff/roles.ts';
import type { CaseKind, CaseStatus } from './cases.ts';

export const CASE_STEPS = ['return_sent', 'receive', 'refund', 'ship_exchange', 'close', 'reject'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

interface StepRule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  kinds: readonly CaseKind[];
  roles: readonly Role[];
}

const AFTERSALE: readonly Role[] = ['supervisor', 'aftersale'];
const GOODS_BACK: readonly CaseKind[] = ['return', 'exchange', 'quality', 'recall', 'difficult'];

const RULES: Record<CaseStep, StepRule> = {
  // The buyer sent the parcel back and said its tracking number (A01, A07).
  return_sent: { from: ['open'], to: 'awaiting_return', kinds: ['return', 'exchange', 'quality'], roles: AFTERSALE },
  // The parcel is back. A parcel may arrive before its number was entered (then it is matched by buyer).
  receive: { from: ['open', 'awaiting_return'], to: 'received', kinds: GOODS_BACK, roles: ['supervisor', 'warehouse'] },
  refund: { from: ['received'], to: 'refunded', kinds: ['return', 'quality', 'recall', 'difficult'], roles: AFTERSALE },
  ship_exchange: { from: ['received'], to: 'exchange_shipped', kinds: ['exchange', 'quality'], roles: ['supervisor', 'aftersale', 'printer'] },
  close: { from: ['open', 'refunded', 'exchange_shipped'], to: 'closed', kinds: ['return', 'exchange', 'refund', 'recall', 'quality', 'difficult'], roles: AFTERSALE },
  reject: { from: ['open', 'awaiting_return', 'received'], to: 'rejected', kinds: ['return', 'exchange', 'refund', 'recall', 'quality', 'difficult'], roles: AFTERSALE },
};

/** Who signs a parcel back: the warehouse inspects returns; printers take recalled and difficult parcels from the courier (打单 ⑤). */
const RECEIVERS: Partial<Record<CaseKind, readonly Role[]>> = { recall: ['supervisor', 'printer'], difficult: ['supervisor', 'printer'] };

export type StepRefusal = 'wrong_kind' | 'wrong_state' | 'not_received' | 'not_your_step';

export interface StepFacts {
  kind: CaseKind;
  status: CaseStatus;
  /** The supervisor approved shipping the exchange before the return arrived. */
  earlyShipApproved: boolean;
}

export type StepOutcome = { ok: true; to: CaseStatus } | { ok: false; refusal: StepRefusal };

/** The roles that may take a step on a case of this kind. */
export function rolesForStep(step: CaseStep, kind: CaseKind): readonly Role[] {
  return step === 'receive' ? (RECEIVERS[kind] ?? RULES.receive.roles) : RULES[step].roles;
}

/** Where a step takes a case, or why it may not: the kind first, then the state, then the person. */
export function takeStep(step: CaseStep, facts: StepFacts, roles: readonly Role[]): StepOutcome {
  const rule = RULES[step];
  // A refund-only case is refunded straight from open: no goods come back.
  const from = step === 'refund' && facts.kind === 'refund' ? (['open'] as const) : rule.from;
  const kinds = step === 'refund' ? [...rule.kinds, 'refund'] : rule.kinds;
  if (!kinds.includes(facts.kind)) return { ok: false, refusal: 'wrong_kind' };
  if (!from.includes(facts.status)) {
    const early = step === 'ship_exchange' && (facts.status === 'open' || facts.status === 'awaiting_return');
    if (!early) return { ok: false, refusal: 'wrong_state' };
    if (!facts.earlyShipApproved) return { ok: false, refusal: 'not_received' };
  }
  if (!rolesForStep(step, facts.kind).some((role) => roles.includes(role))) return { ok: false, refusal: 'not_your_step' };
  return { ok: true, to: rule.to };
}
