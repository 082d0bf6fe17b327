import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../staff/roles.ts';
import { AFTERSALE_DAYS_AFTER_DELIVERY, canMove, mayMove, ORDER_MOVERS, ORDER_STATUSES, rolesForMove, sendsBuyerToAfterSale, type OrderStatus } from './status.ts';

describe('where an order can go from where it is', () => {
  // Every pair, written out: a row is a status, the list is where it may go.
  const allowed: Record<OrderStatus, OrderStatus[]> = {
    unpaid: ['paid', 'cancelled'],
    paid: ['printed', 'cancelled'],
    printed: ['packed', 'cancelled'],
    packed: ['printed', 'shipped', 'cancelled'],
    shipped: ['delivered', 'returned'],
    delivered: ['returned'],
    cancelled: [],
    returned: [],
  };
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to, allowed[from].includes(to)] as const));
  it.each(pairs)('%s → %s: %s', (from, to, expected) => {
    expect(canMove(from, to)).toBe(expected);
  });
});

describe('who records each move', () => {
  it.each<[OrderStatus, OrderStatus, Role[]]>([
    ['unpaid', 'paid', ['supervisor', 'presale']],
    ['unpaid', 'cancelled', ['supervisor', 'presale', 'printer']],
    ['paid', 'printed', ['supervisor', 'printer']],
    ['paid', 'cancelled', ['supervisor', 'printer']], // printers void the order
    ['printed', 'packed', ['supervisor', 'printer']],
    ['packed', 'printed', ['supervisor', 'printer']], // fetched back and printed again
    ['packed', 'shipped', ['supervisor', 'printer']],
    ['shipped', 'delivered', ['supervisor', 'aftersale', 'printer']],
    ['shipped', 'returned', ['supervisor', 'aftersale', 'printer']], // 原包裹已收到
    ['delivered', 'returned', ['supervisor', 'aftersale', 'printer']],
  ])('%s → %s: %j', (from, to, roles) => {
    expect(ROLES.filter((role) => mayMove([role], from, to))).toEqual(ROLES.filter((role) => roles.includes(role)));
  });

  it('nobody may make an impossible move, not even the supervisor', () => {
    expect(mayMove(['supervisor'], 'shipped', 'cancelled')).toBe(false);
    expect(mayMove(['supervisor'], 'delivered', 'shipped')).toBe(false);
  });

  it('the moves route lets in exactly those who may make some move', () => {
    const movers = new Set(ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMove(from, to)).flatMap((to) => rolesForMove(from, to))));
    expect([...movers].sort()).toEqual([...ORDER_MOVERS].sort());
  });
});

describe('which orders send a buyer to after-sale', () => {
  const now = new Date('2026-11-24T08:00:00Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  it.each<[string, OrderStatus, Date | null, boolean]>([
    ['shipped', 'shipped', null, true],
    ['delivered today', 'delivered', now, true],
    [`delivered ${AFTERSALE_DAYS_AFTER_DELIVERY} days ago`, 'delivered', daysAgo(AFTERSALE_DAYS_AFTER_DELIVERY), true],
    [`delivered ${AFTERSALE_DAYS_AFTER_DELIVERY + 1} days ago`, 'delivered', daysAgo(AFTERSALE_DAYS_AFTER_DELIVERY + 1), false],
    ['paid', 'paid', null, false],
    ['packed', 'packed', null, false],
    ['cancelled', 'cancelled', null, false],
    ['unpaid', 'unpaid', null, false],
  ])('%s: %s', (_name, status, deliveredAt, expected) => {
    expect(sendsBuyerToAfterSale({ status, deliveredAt }, now)).toBe(expected);
  });
});
