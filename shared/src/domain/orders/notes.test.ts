import { describe, expect, it } from 'vitest';
import { hasValidSignature, noteDate, noteText, type NoteFields } from './notes.ts';

const TZ = 'Asia/Shanghai';
const at = new Date('2026-11-29T03:00:00Z'); // 11:00 in the shop

describe('every note in the rulebook’s shape, signed with the date and the name', () => {
  it.each<[string, NoteFields, string, string]>([
    ['attribute', { kind: 'attribute', from: '黑色37码', to: '黑色38码' }, '李娜', '客户拍下黑色37码，要求修改成黑色38码，已修改妥当---2026.11.29 李娜'],
    ['address', { kind: 'address', address: '浙江省杭州市西湖区文三路100号' }, '李娜', '客户要求修改地址，新地址为：浙江省杭州市西湖区文三路100号---2026.11.29 李娜'],
    ['special', { kind: 'special', request: '发顺丰' }, '李娜', '客户要求发顺丰---2026.11.29 李娜'],
    ['special, already worded', { kind: 'special', request: '客户要求下午送货' }, '张敏', '客户要求下午送货---2026.11.29 张敏'],
    ['after_print', { kind: 'after_print', to: '黑色38码' }, '李娜', '客户要求修改成黑色38码，已在发货单与快递单上修改妥当---2026.11.29 李娜'],
    ['exchange_shipped', { kind: 'exchange_shipped', trackingNo: 'ZT7788123456' }, '刘洋', '换货已发出，单号为：ZT7788123456---2026.11.29 刘洋'],
    ['correction', { kind: 'correction', corrects: 12, text: '新地址门牌为102号' }, '李娜', '更正第12条备注：新地址门牌为102号---2026.11.29 李娜'],
    ['reply', { kind: 'reply', reply: '已在E店宝修改妥当' }, '孙磊', '订单跟踪回复：已在E店宝修改妥当---2026.11.29 孙磊'],
  ])('%s', (_name, fields, author, text) => {
    expect(noteText(fields, author, at, TZ)).toBe(text);
  });
});

describe('the date is the shop’s day, near midnight too', () => {
  it.each([
    ['2026-11-29T15:59:59.999Z', '2026.11.29'], // 23:59:59 in Shanghai
    ['2026-11-29T16:00:00.000Z', '2026.11.30'], // 00:00 in Shanghai, still the 29th in UTC
    ['2026-12-31T16:30:00.000Z', '2027.01.01'], // a new year in the shop first
    ['2026-03-01T00:00:00.000Z', '2026.03.01'],
  ])('%s → %s', (instant, day) => {
    expect(noteDate(new Date(instant), TZ)).toBe(day);
  });
  it('another zone gives its own day', () => {
    expect(noteDate(new Date('2026-11-29T16:00:00Z'), 'UTC')).toBe('2026.11.29');
  });
});

describe('imported seller notes: is the signature there and valid', () => {
  it.each([
    ['客户要求发顺丰---2026.11.29 李娜', true],
    ['客户要求发顺丰---2026.11.29李娜', true],
    ['客户要求发顺丰', false],
    ['客户要求发顺丰---2026.11.29', false],
    ['客户要求发顺丰---2026.13.01 李娜', false],
    ['客户要求发顺丰---2026.02.30 李娜', false],
    ['客户要求发顺丰 李娜 2026-11-29', false],
  ])('%s: %s', (text, valid) => {
    expect(hasValidSignature(text)).toBe(valid);
  });
});
