import { describe, expect, it } from 'vitest';
import type { Role } from '../staff/roles.ts';
import type { CaseKind, CaseStatus } from './cases.ts';
import { takeStep, type CaseStep, type StepOutcome } from './states.ts';

const ok = (to: CaseStatus): StepOutcome => ({ ok: true, to });
const no = (refusal: 'wrong_kind' | 'wrong_state' | 'not_received' | 'not_your_step'): StepOutcome => ({ ok: false, refusal });

describe('the registry state table: step × kind × state × role', () => {
  const rows: Array<[CaseStep, CaseKind, CaseStatus, Role, boolean, StepOutcome]> = [
    // The return tracking number entered: after-sale, on an open return, exchange or quality case.
    ['return_sent', 'return', 'open', 'aftersale', false, ok('awaiting_return')],
    ['return_sent', 'exchange', 'open', 'supervisor', false, ok('awaiting_return')],
    ['return_sent', 'quality', 'open', 'aftersale', false, ok('awaiting_return')],
    ['return_sent', 'return', 'awaiting_return', 'aftersale', false, no('wrong_state')],
    ['return_sent', 'refund', 'open', 'aftersale', false, no('wrong_kind')],
    ['return_sent', 'recall', 'open', 'aftersale', false, no('wrong_kind')],
    ['return_sent', 'return', 'open', 'warehouse', false, no('not_your_step')],
    ['return_sent', 'return', 'open', 'presale', false, no('not_your_step')],
    // Received: the warehouse inspects returns; printers take recalled and difficult parcels.
    ['receive', 'return', 'awaiting_return', 'warehouse', false, ok('received')],
    ['receive', 'return', 'open', 'warehouse', false, ok('received')],
    ['receive', 'quality', 'awaiting_return', 'supervisor', false, ok('received')],
    ['receive', 'exchange', 'awaiting_return', 'aftersale', false, no('not_your_step')],
    ['receive', 'exchange', 'awaiting_return', 'printer', false, no('not_your_step')],
    ['receive', 'recall', 'open', 'printer', false, ok('received')],
    ['receive', 'difficult', 'open', 'printer', false, ok('received')],
    ['receive', 'recall', 'open', 'warehouse', false, no('not_your_step')],
    ['receive', 'return', 'received', 'warehouse', false, no('wrong_state')],
    ['receive', 'return', 'closed', 'warehouse', false, no('wrong_state')],
    ['receive', 'refund', 'open', 'warehouse', false, no('wrong_kind')],
    // Refunded: after the goods came back; a refund-only case straight from open.
    ['refund', 'return', 'received', 'aftersale', false, ok('refunded')],
    ['refund', 'quality', 'received', 'aftersale', false, ok('refunded')],
    ['refund', 'recall', 'received', 'aftersale', false, ok('refunded')],
    ['refund', 'refund', 'open', 'aftersale', false, ok('refunded')],
    ['refund', 'refund', 'received', 'aftersale', false, no('wrong_state')],
    ['refund', 'return', 'awaiting_return', 'aftersale', false, no('wrong_state')],
    ['refund', 'return', 'open', 'aftersale', false, no('wrong_state')],
    ['refund', 'exchange', 'received', 'aftersale', false, no('wrong_kind')],
    ['refund', 'return', 'received', 'warehouse', false, no('not_your_step')],
    ['refund', 'return', 'received', 'printer', false, no('not_your_step')],
    // The exchange shipped: after the return is received, or earlier with the supervisor's approval.
    ['ship_exchange', 'exchange', 'received', 'printer', false, ok('exchange_shipped')],
    ['ship_exchange', 'exchange', 'received', 'aftersale', false, ok('exchange_shipped')],
    ['ship_exchange', 'quality', 'received', 'printer', false, ok('exchange_shipped')],
    ['ship_exchange', 'exchange', 'awaiting_return', 'printer', false, no('not_received')],
    ['ship_exchange', 'exchange', 'open', 'aftersale', false, no('not_received')],
    ['ship_exchange', 'exchange', 'awaiting_return', 'printer', true, ok('exchange_shipped')],
    ['ship_exchange', 'exchange', 'open', 'printer', true, ok('exchange_shipped')],
    ['ship_exchange', 'exchange', 'exchange_shipped', 'printer', true, no('wrong_state')],
    ['ship_exchange', 'return', 'received', 'printer', false, no('wrong_kind')],
    ['ship_exchange', 'exchange', 'received', 'warehouse', false, no('not_your_step')],
    // Closed: when it ended, or withdrawn while nothing had moved.
    ['close', 'return', 'refunded', 'aftersale', false, ok('closed')],
    ['close', 'exchange', 'exchange_shipped', 'aftersale', false, ok('closed')],
    ['close', 'exchange', 'open', 'supervisor', false, ok('closed')],
    ['close', 'return', 'awaiting_return', 'aftersale', false, no('wrong_state')],
    ['close', 'return', 'received', 'aftersale', false, no('wrong_state')],
    ['close', 'return', 'closed', 'aftersale', false, no('wrong_state')],
    ['close', 'return', 'refunded', 'printer', false, no('not_your_step')],
    // Rejected with a reason: before it is settled.
    ['reject', 'return', 'open', 'aftersale', false, ok('rejected')],
    ['reject', 'return', 'awaiting_return', 'aftersale', false, ok('rejected')],
    ['reject', 'quality', 'received', 'supervisor', false, ok('rejected')],
    ['reject', 'return', 'refunded', 'aftersale', false, no('wrong_state')],
    ['reject', 'return', 'rejected', 'aftersale', false, no('wrong_state')],
    ['reject', 'return', 'open', 'warehouse', false, no('not_your_step')],
  ];
  it.each(rows)('%s on a %s case in %s by %s (early ship approved: %s)', (step, kind, status, role, earlyShipApproved, expected) => {
    expect(takeStep(step, { kind, status, earlyShipApproved }, [role])).toEqual(expected);
  });

  it('a person with two roles may take the steps of either', () => {
    expect(takeStep('receive', { kind: 'return', status: 'awaiting_return', earlyShipApproved: false }, ['presale', 'warehouse'])).toEqual(ok('received'));
  });
});
