import { describe, expect, it } from 'vitest';
import { MAX_ORDER_MENTIONS, orderNumbersIn } from './order-mentions.ts';

describe('order numbers a buyer types', () => {
  it.each([
    { text: '我的订单 3921550016882001 什么时候发货', found: ['3921550016882001'] },
    { text: '订单号：3921550016882999，还有 3921550016882001', found: ['3921550016882999', '3921550016882001'] },
    { text: '订单编号是T-ABC1234', found: ['T-ABC1234'] },
    { text: 'order no. tb20261130x9', found: ['TB20261130X9'] },
    { text: '手机 13812345678，快递单号 ZT7788123456', found: [] },
    { text: '付了 299 元，2026-11-30 下的单', found: [] },
    { text: '快递单号 SF1234567890123456', found: [] },
    { text: '39215500168820011234567', found: [] },
    { text: '3921550016882001 和 3921550016882001', found: ['3921550016882001'] },
    { text: '订单号 3921550016882001', found: ['3921550016882001'] },
    { text: '', found: [] },
  ])('$text → $found', ({ text, found }) => {
    expect(orderNumbersIn(text)).toEqual(found);
  });

  it(`looks up at most ${MAX_ORDER_MENTIONS} per message`, () => {
    const text = Array.from({ length: 8 }, (_, i) => `39215500168820${10 + i}`).join(' ');
    expect(orderNumbersIn(text)).toHaveLength(MAX_ORDER_MENTIONS);
  });
});
