import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { buyerLabel, ordersBuyerOf } from './buyer-label.ts';

const t = ((key: string, options: { name: string }) => `${key}:${options.name}`) as unknown as TFunction;

describe('who the agents see', () => {
  it.each([
    ['a buyer of a signed link', { buyerId: '小鹿买鞋', visitorName: null, linkedBuyerId: null }, '小鹿买鞋', '小鹿买鞋'],
    ['an unchecked visitor', { buyerId: '~abc', visitorName: '小鹿买鞋', linkedBuyerId: null }, 'chat.side.visitor:小鹿买鞋', null],
    ['a visitor checked and linked', { buyerId: '~abc', visitorName: '小鹿', linkedBuyerId: '小鹿买鞋' }, '小鹿买鞋', '小鹿买鞋'],
  ])('%s', (_label, who, label, orders) => {
    expect(buyerLabel(who, t)).toBe(label);
    expect(ordersBuyerOf(who)).toBe(orders);
  });
});
