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
    // Tracking numbers of plain digits are told apart from order numbers (issue 11).
    { text: '快递单号 7731234567890123，到哪了', found: [] },
    { text: '运单号：4312345678901234567', found: [] },
    { text: '物流单号是 9876543210123456', found: [] },
    { text: '退货单号 7731234567890123 已寄出', found: [] },
    { text: '中通 75312345678901234 显示签收了', found: [] },
    { text: '韵达快递单号：4312345678901234', found: [] },
    { text: 'tracking no. 7731234567890123', found: [] },
    { text: 'waybill 7731234567890123', found: [] },
    { text: '包裹号 12345678901234567', found: [] },
    { text: '12345678901234567890 这个是什么', found: [] },
    { text: '邮政 12345678901234567890', found: [] },
    { text: '订单 3921550016882001 的快递单号 7731234567890123', found: ['3921550016882001'] },
    { text: '快递单号 7731234567890123，订单号 3921550016882999', found: ['3921550016882999'] },
    { text: '3921550016882001，快递单号 3921550016882001', found: ['3921550016882001'] },
    { text: '订单编号：2874123456789012345', found: ['2874123456789012345'] },
    { text: '我在淘宝买的 2874123456789012345', found: ['2874123456789012345'] },
  ])('$text → $found', ({ text, found }) => {
    expect(orderNumbersIn(text)).toEqual(found);
  });

  it(`looks up at most ${MAX_ORDER_MENTIONS} per message`, () => {
    const text = Array.from({ length: 8 }, (_, i) => `39215500168820${10 + i}`).join(' ');
    expect(orderNumbersIn(text)).toHaveLength(MAX_ORDER_MENTIONS);
  });
});
