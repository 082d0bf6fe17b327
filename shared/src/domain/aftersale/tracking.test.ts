import { describe, expect, it } from 'vitest';
import { trackingDeadline, trackingEnteredLate, trackingNumbersIn } from './tracking.ts';

const tz = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('A01: the return tracking number entered by the end of the shop day it was given', () => {
  it.each([
    // given (UTC)               entered (UTC)               now (UTC)                  late?
    ['2026-11-20T02:00:00Z', '2026-11-20T09:00:00Z', '2026-11-25T00:00:00Z', false], // 10:00 → 17:00 the same day
    ['2026-11-20T02:00:00Z', '2026-11-20T15:59:59Z', '2026-11-25T00:00:00Z', false], // 23:59:59 local
    ['2026-11-20T02:00:00Z', '2026-11-20T16:00:00Z', '2026-11-25T00:00:00Z', true], // 00:00 local next day
    ['2026-11-20T15:30:00Z', '2026-11-20T16:10:00Z', '2026-11-25T00:00:00Z', true], // given 23:30, entered 00:10
    ['2026-11-20T16:30:00Z', '2026-11-21T15:00:00Z', '2026-11-25T00:00:00Z', false], // given 00:30 on the 21st local
    ['2026-11-20T02:00:00Z', null, '2026-11-20T10:00:00Z', null], // the day is not over yet
    ['2026-11-20T02:00:00Z', null, '2026-11-20T16:00:00Z', true], // the day is over, still missing
  ] as const)('given %s, entered %s, now %s: late %s', (given, entered, now, late) => {
    expect(trackingEnteredLate(at(given), entered ? at(entered) : null, at(now), tz)).toBe(late);
  });

  it('the deadline is the next local midnight', () => {
    expect(trackingDeadline(at('2026-11-20T02:00:00Z'), tz).toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(trackingDeadline(at('2026-11-20T02:00:00Z'), 'UTC').toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });
});

describe('A01: a tracking number given in a buyer chat message', () => {
  const shop = new Set(['3921550016882001', 'ZT5550001112']);
  it.each([
    ['退货寄出了，单号ZT7788123456', ['ZT7788123456']],
    ['顺丰 sf1234567890123 已寄', ['SF1234567890123']],
    ['YT9876543210 圆通', ['YT9876543210']],
    ['韵达：4312345678901，麻烦查收', ['4312345678901']],
    ['单号 7700112233 和 7700112233', ['7700112233']],
    ['ZT7788123456，另一个是 YD5500998877', ['ZT7788123456', 'YD5500998877']],
    ['我的订单号是3921550016882001', []], // the shop's order number
    ['你们发的 ZT5550001112 到了，鞋子开胶', []], // the shop's own waybill to the buyer
    ['电话13812345678，找我就行', []], // a mobile number
    ['123456789', []], // nine digits: too short
    ['12345678901234567890123', []], // longer than 20 digits
    ['尺码38，颜色黑色，2026年11月20日', []],
    ['ABCDE12345678', []], // five letters: not a courier prefix
    ['ZT12345', []], // too few digits
    ['订单X3921550016882001Y', []], // part of a longer token
  ] as const)('%s → %j', (text, numbers) => {
    expect(trackingNumbersIn(text, shop)).toEqual(numbers);
  });
});
