import { describe, expect, it } from 'vitest';
import { itemLabel, itemsSummary, promiseReply } from './order-format.ts';

describe('items as a list cell shows them', () => {
  const slipper = { title: '全羊毛手工拖鞋', attributes: '灰色38码', quantity: 2 };
  const canvas = { title: '帆布鞋', attributes: '', quantity: 1 };
  const boots = { title: '雪地靴', attributes: '黑色40码', quantity: 3 };

  it('names the title, the colour and size, and the quantity', () => {
    expect(itemLabel(slipper)).toBe('全羊毛手工拖鞋（灰色38码）×2');
    expect(itemLabel(canvas)).toBe('帆布鞋×1');
  });

  it('shows the first two lines and counts the pieces left out', () => {
    expect(itemsSummary([slipper, canvas])).toEqual({ text: '全羊毛手工拖鞋（灰色38码）×2、帆布鞋×1', more: 0 });
    expect(itemsSummary([slipper, canvas, boots])).toEqual({ text: '全羊毛手工拖鞋（灰色38码）×2、帆布鞋×1', more: 3 });
    expect(itemsSummary([slipper, canvas, boots], 1).more).toBe(4);
  });
});

describe('the promise inserted into a reply', () => {
  it('names the order, so a buyer with several knows which one', () => {
    expect(promiseReply('2026110312345678', '今天发货')).toBe('亲，您的订单 2026110312345678 今天发货哦');
    // Handmade: the rulebook's sentence exactly (售前 ⑨).
    expect(promiseReply('2026110312345678', '您购买的是手工鞋，需要订做，付款后48小时内发货')).toBe('亲，您购买的是手工鞋，需要订做，付款后48小时内发货（订单 2026110312345678）');
  });
});
