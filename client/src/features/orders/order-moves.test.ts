import type { OrderStatus } from '@kefu/shared/domain/orders/status';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { describe, expect, it } from 'vitest';
import { moveActions, moveRequest, type MoveAction } from './order-moves.ts';

const buttons = (roles: Role[], from: OrderStatus) => moveActions(roles, from).map((action) => action.label);

describe('the move buttons each person sees', () => {
  it.each<[Role[], OrderStatus, string[]]>([
    // printers print, pack, ship and void paid orders
    [['printer'], 'paid', ['printed', 'cancelled']],
    [['printer'], 'printed', ['packed', 'cancelled']],
    [['printer'], 'packed', ['shipped', 'reprint', 'cancelled']],
    [['printer'], 'shipped', ['delivered', 'returned']], // 原包裹已收到: a recalled parcel is back
    [['printer'], 'unpaid', ['cancelled']],
    // pre-sale records a bank transfer's payment and cancels an unpaid order, nothing after payment
    [['presale'], 'unpaid', ['paid', 'cancelled']],
    [['presale'], 'paid', []],
    [['presale'], 'packed', []],
    // after-sale records deliveries only
    [['aftersale'], 'shipped', ['delivered', 'returned']],
    [['aftersale'], 'paid', []],
    // the supervisor may make every possible move
    [['supervisor'], 'unpaid', ['paid', 'cancelled']],
    [['supervisor'], 'packed', ['shipped', 'reprint', 'cancelled']],
    // nobody moves a cancelled or returned order, and a warehouse clerk moves nothing
    [['supervisor'], 'delivered', ['returned']],
    [['supervisor'], 'cancelled', []],
    [['supervisor'], 'returned', []],
    [['warehouse'], 'paid', []],
    // two roles: the union
    [['presale', 'printer'], 'unpaid', ['paid', 'cancelled']],
  ])('%j on a %s order: %j', (roles, from, expected) => {
    expect(buttons(roles, from)).toEqual(expected);
  });

  it('asks for the courier and tracking number when shipping and a note when cancelling', () => {
    const needs = Object.fromEntries(moveActions(['supervisor'], 'packed').map((action) => [action.label, action.needs]));
    expect(needs).toEqual({ shipped: 'shipping', reprint: null, cancelled: 'note' });
  });

  it.each<[Role[], string[]]>([
    [['printer'], ['returned']],
    [['aftersale'], ['returned']],
    [['supervisor'], ['returned']],
  ])('a recalled parcel (快件退回) offers %j no "delivered": %j', (roles, expected) => {
    expect(moveActions(roles, 'shipped', { recalled: true }).map((action) => action.label)).toEqual(expected);
  });

  it('sends a reprint as a move to printed', () => {
    expect(moveActions(['printer'], 'packed').find((action) => action.label === 'reprint')?.to).toBe('printed');
  });
});

describe('moveRequest: what a move sends', () => {
  const [ship, , cancel] = moveActions(['printer'], 'packed') as [MoveAction, MoveAction, MoveAction];
  const [pack] = moveActions(['printer'], 'printed') as [MoveAction];
  const none = { courier: '', trackingNo: '', note: '' };

  it('ships with the courier and the tracking number without the spaces people type', () => {
    expect(moveRequest(ship, 4, { courier: ' 顺丰速运 ', trackingNo: 'SF 1234 5678 9012', note: '' })).toEqual({
      move: { to: 'shipped', version: 4, courier: '顺丰速运', trackingNo: 'SF123456789012' },
    });
  });

  it.each([
    ['no courier', { ...none, trackingNo: 'SF123456789012' }, 'courierRequired'],
    ['no tracking number', { ...none, courier: '顺丰速运' }, 'trackingInvalid'],
    ['a tracking number with other characters', { ...none, courier: '顺丰速运', trackingNo: 'SF12345/6789' }, 'trackingInvalid'],
    ['a tracking number too short', { ...none, courier: '顺丰速运', trackingNo: '12345' }, 'trackingInvalid'],
  ])('does not ship with %s', (_name, input, problem) => {
    expect(moveRequest(ship, 4, input)).toEqual({ problem });
  });

  it('cancels only with a note saying why', () => {
    expect(moveRequest(cancel, 2, { ...none, note: '  ' })).toEqual({ problem: 'noteRequired' });
    expect(moveRequest(cancel, 2, { ...none, note: '买家不要了' })).toEqual({ move: { to: 'cancelled', version: 2, note: '买家不要了' } });
  });

  it('sends a plain move with its version only', () => {
    expect(moveRequest(pack, 7, none)).toEqual({ move: { to: 'packed', version: 7 } });
  });
});
