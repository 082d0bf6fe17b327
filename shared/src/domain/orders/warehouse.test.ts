import { describe, expect, it } from 'vitest';
import { warehouseRequestAllowed, warehouseRequestSummary, type WarehouseRequestKind } from './warehouse.ts';

const facts = { orderNo: '3921550016882002', buyerId: '晴天娃娃', receiverName: '周晴', address: '浙江省杭州市西湖区文三路100号', detail: '黑色38码，客户急要' };

describe('a warehouse request carries what rule 12 asks for', () => {
  it.each<[WarehouseRequestKind, string, string]>([
    ['stock_check', '黑色38码，客户急要', '请确认库存：黑色38码，客户急要｜买家ID：晴天娃娃；收货人：周晴；收货地址：浙江省杭州市西湖区文三路100号；订单号：3921550016882002'],
    ['fetch_documents', '客户改地址', '请交回发货单与快递单：客户改地址｜买家ID：晴天娃娃；收货人：周晴；收货地址：浙江省杭州市西湖区文三路100号；订单号：3921550016882002'],
    ['fetch_parcel', '', '请交回已打包的包裹｜买家ID：晴天娃娃；收货人：周晴；收货地址：浙江省杭州市西湖区文三路100号；订单号：3921550016882002'],
    ['find_parcel', '  快递说未揽收 ', '请找出包裹：快递说未揽收｜买家ID：晴天娃娃；收货人：周晴；收货地址：浙江省杭州市西湖区文三路100号；订单号：3921550016882002'],
  ])('%s', (kind, detail, text) => {
    expect(warehouseRequestSummary(kind, { ...facts, detail })).toBe(text);
  });
});

describe('which orders each request makes sense for', () => {
  it.each<[WarehouseRequestKind, string, boolean]>([
    ['stock_check', 'unpaid', true],
    ['stock_check', 'paid', true],
    ['stock_check', 'printed', false],
    ['fetch_documents', 'paid', false],
    ['fetch_documents', 'printed', true],
    ['fetch_documents', 'packed', false],
    ['fetch_parcel', 'printed', false],
    ['fetch_parcel', 'packed', true],
    ['fetch_parcel', 'shipped', false],
    ['find_parcel', 'paid', false],
    ['find_parcel', 'packed', true],
    ['find_parcel', 'shipped', true],
    ['find_parcel', 'returned', true],
  ])('%s on a %s order → %s', (kind, status, allowed) => {
    expect(warehouseRequestAllowed(kind, status)).toBe(allowed);
  });
});
