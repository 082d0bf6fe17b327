import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ImportOrder } from '../../../schemas/orders-import.ts';
import { decodeExport, parseCsv } from './csv.ts';
import { cleanCell, disputeOpen, mapMarketplaceStatus, readMarketplaceExport, refundOpen, shopTimeToIso, yuanToFen } from './marketplace.ts';
import { ITEM_HEADER, itemLine, ORDER_HEADER, orderLine } from './fixtures.ts';

const TZ = 'Asia/Shanghai';

describe('cells protected from spreadsheets', () => {
  it.each([
    ['="3921550016882001"', '3921550016882001'],
    ["'13812345678", '13812345678'],
    ['\tZT7788123456', 'ZT7788123456'],
    ['  黑色  ', '黑色'],
    ['普通文字', '普通文字'],
  ])('%j reads as %j', (raw, value) => expect(cleanCell(raw)).toBe(value));
});

describe('the marketplace states', () => {
  it.each([
    ['等待买家付款', 'unpaid'],
    ['买家已付款，等待卖家发货', 'paid'],
    ['等待卖家发货', 'paid'],
    ['卖家已发货，等待买家确认', 'shipped'],
    ['交易成功', 'delivered'],
    ['交易关闭', 'cancelled'],
    ['交易关闭(买家取消)', 'cancelled'],
    ['退款中', null],
  ])('%s → %s', (text, status) => expect(mapMarketplaceStatus(text)).toBe(status));
});

describe('amounts and times', () => {
  it.each([
    ['299.00', 29_900],
    ['299', 29_900],
    ['0.5', 50],
    ['¥12.34', 1_234],
    ['12.345', null],
    ['十元', null],
  ])('%s yuan → %s fen', (text, fen) => expect(yuanToFen(text)).toBe(fen));

  it.each([
    ['2026-11-29 10:15:32', '2026-11-29T02:15:32.000Z'],
    ['2026/11/29 00:05', '2026-11-28T16:05:00.000Z'],
    ['2026-11-29', '2026-11-28T16:00:00.000Z'],
    ['2026-02-30 10:00:00', null],
    ['昨天', null],
  ])('%s on the shop clock is %s', (text, iso) => expect(shopTimeToIso(text, TZ)).toBe(iso));
});

const ORDERS = [
  ORDER_HEADER,
  orderLine({ orderNo: '3921550016882001', buyer: '小鹿买鞋', paid: '328.00', status: '买家已付款，等待卖家发货', message: '请发顺丰,谢谢', receiver: '王小鹿', address: '浙江省 杭州市 西湖区 文三路100号(310000)', mobile: '13812345678', createdAt: '2026-11-29 09:58:01', paidAt: '2026-11-29 10:00:00', note: '客户要求发顺丰---2026.11.29 李娜' }),
  orderLine({ orderNo: '3921550016882002', buyer: 'tb_阿明', paid: '199.00', status: '卖家已发货，等待买家确认', receiver: '李明', address: '上海 上海市 浦东新区 世纪大道1号', mobile: '13900001111', createdAt: '2026-11-27 20:00:00', paidAt: '2026-11-27 20:01:00', trackingNo: 'ZT7788123456', courier: '中通快递', changedAddress: '上海 上海市 徐汇区 漕溪北路2号', note: '发顺丰' }),
  orderLine({ orderNo: '3921550016882003', buyer: '等付款的人', paid: '0.00', status: '等待买家付款', createdAt: '2026-11-29 11:00:00' }),
].join('\r\n');

const ITEMS = [
  ITEM_HEADER,
  itemLine('3921550016882001', '真皮休闲鞋 男', '299.00', '1', '颜色分类：黑色;尺码：38', 'XX-001'),
  itemLine('3921550016882001', '鞋垫', '29.00', '1', ''),
  itemLine('3921550016882002', '全羊毛手工棉鞋', '199.00', '1', '颜色分类：棕色;尺码：40'),
  itemLine('3921550016882003', '帆布鞋', '89.00', '2', '颜色分类：白色;尺码：36'),
].join('\r\n');

function read(orders: string, items: string, encoding: 'gbk' | 'utf8-bom' = 'gbk') {
  const encode = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
  return readMarketplaceExport(parseCsv(decodeExport(encode(orders)).text), parseCsv(decodeExport(encode(items)).text), TZ);
}

describe('reading a two-file export', () => {
  it.each(['gbk', 'utf8-bom'] as const)('joins orders and items by order number (%s)', (encoding) => {
    const { orders, errors } = read(ORDERS, ITEMS, encoding);
    expect(errors).toEqual([]);
    expect(orders.map((o) => [o.line, o.orderNo])).toEqual([[2, '3921550016882001'], [3, '3921550016882002'], [4, '3921550016882003']]);
    const [paid, shipped, unpaid] = orders.map((o) => ImportOrder.parse(o.candidate));
    expect(paid).toEqual({
      orderNo: '3921550016882001',
      buyerId: '小鹿买鞋',
      status: 'paid',
      placedAt: '2026-11-29T01:58:01.000Z',
      paidAt: '2026-11-29T02:00:00.000Z',
      receiver: { name: '王小鹿', phone: '13812345678', address: { province: '浙江省', city: '杭州市', district: '西湖区', street: '文三路100号' } },
      buyerMessage: '请发顺丰,谢谢',
      sellerNote: '客户要求发顺丰---2026.11.29 李娜',
      items: [
        { title: '真皮休闲鞋 男', colour: '黑色', size: '38', quantity: 1, priceFen: 29_900, merchantCode: 'XX-001', inStock: true },
        { title: '鞋垫', quantity: 1, priceFen: 2_900, inStock: true },
      ],
    });
    expect(shipped).toMatchObject({ status: 'shipped', trackingNo: 'ZT7788123456', courier: '中通快递', receiver: { address: { province: '上海市', district: '徐汇区', street: '漕溪北路2号' } } });
    expect(unpaid).toMatchObject({ status: 'unpaid', items: [{ quantity: 2, colour: '白色', size: '36' }] });
    expect(unpaid).not.toHaveProperty('paidAt');
  });

  it('leaves out a whole order when one of its items is bad, and reports each bad line', () => {
    const items = [ITEMS, itemLine('3921550016882002', '袜子', '免费', '1', ''), itemLine('9999', '无主宝贝', '1.00', '1', '')].join('\r\n');
    const orders = [ORDERS, orderLine({ orderNo: '3921550016882004', buyer: 'x', paid: '1', status: '退款中', createdAt: '2026-11-29 11:00:00' }), orderLine({ orderNo: '3921550016882001', buyer: 'dup', paid: '1', status: '交易成功', createdAt: '2026-11-29 11:00:00' }), orderLine({ orderNo: '3921550016882005', buyer: 'y', paid: '1', status: '等待买家付款', createdAt: '2026-11-29 11:00:00' })].join('\r\n');
    const { orders: good, errors } = read(orders, items);
    expect(good.map((o) => o.orderNo)).toEqual(['3921550016882001', '3921550016882003']);
    expect(errors).toEqual([
      expect.objectContaining({ file: 'items', line: 6, orderNo: '3921550016882002', code: 'invalid_field', field: 'price' }),
      expect.objectContaining({ file: 'orders', line: 5, orderNo: '3921550016882004', code: 'unknown_status' }),
      expect.objectContaining({ file: 'orders', line: 6, orderNo: '3921550016882001', code: 'duplicate_order' }),
      expect.objectContaining({ file: 'orders', line: 7, orderNo: '3921550016882005', code: 'no_items' }),
      expect.objectContaining({ file: 'items', line: 7, orderNo: '9999', code: 'unknown_order' }),
    ]);
  });

  it('refuses files without the columns it needs, naming them', () => {
    const { orders, errors } = read('订单编号,买家会员名\r\n1,a', ITEMS);
    expect(orders).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ file: 'orders', line: 1, code: 'missing_column', field: 'status', message: 'the 订单报表 has no column 订单状态' })]);
  });
});

describe('refunds and disputes in the export', () => {
  it.each([
    ['退款中', true],
    ['买家已经申请退款，等待卖家同意', true],
    ['卖家已经同意退款，等待买家退货', true],
    ['买家已经退货，等待卖家确认收货', true],
    ['退款成功', false],
    ['退款关闭', false],
    ['没有申请退款', false],
    ['无', false],
    ['', false],
  ])('退款状态 %j is open: %s', (text, open) => expect(refundOpen(text)).toBe(open));

  it.each([
    ['维权中', true],
    ['小二介入处理中', true],
    ['维权结束', false],
    ['买家撤销维权', false],
    ['', false],
  ])('维权状态 %j is open: %s', (text, open) => expect(disputeOpen(text)).toBe(open));

  it('brings an open refund with its amount and auto-refund time, an open dispute with its response time; none for an ended one or an unpaid order; a bad time spoils the order', () => {
    const base = { buyer: 'b', paid: '199.00', createdAt: '2026-11-28 09:00:00', paidAt: '2026-11-28 09:01:00', trackingNo: 'ZT7788000001', courier: '中通快递' };
    const orders = [
      ORDER_HEADER,
      orderLine({ orderNo: '3921550016883001', ...base, status: '买家已付款，等待卖家发货', refundStatus: '买家已经申请退款，等待卖家同意', refundAmount: '199.00', refundDeadline: '2026-12-01 09:00:00' }),
      orderLine({ orderNo: '3921550016883002', ...base, status: '交易成功', disputeStatus: '维权中', disputeDeadline: '2026-11-30 18:00' }),
      orderLine({ orderNo: '3921550016883003', ...base, status: '交易成功', refundStatus: '退款成功', refundAmount: '50.00', disputeStatus: '维权结束' }),
      orderLine({ orderNo: '3921550016883004', ...base, status: '卖家已发货，等待买家确认', refundStatus: '退款中' }),
      orderLine({ orderNo: '3921550016883005', ...base, status: '交易成功', disputeStatus: '维权中', disputeDeadline: '明天' }),
      orderLine({ orderNo: '3921550016883006', buyer: 'b', paid: '0.00', createdAt: '2026-11-28 09:00:00', status: '等待买家付款', refundStatus: '退款中' }),
    ].join('\r\n');
    const items = [ITEM_HEADER, ...['1', '2', '3', '4', '5', '6'].map((n) => itemLine(`392155001688300${n}`, '棉鞋', '199.00', '1', ''))].join('\r\n');
    const { orders: good, errors } = read(orders, items);
    const parsed = new Map(good.map((o) => [o.orderNo, ImportOrder.parse(o.candidate)]));
    expect(parsed.get('3921550016883001')).toMatchObject({ refund: { amountFen: 19_900, deadlineAt: '2026-12-01T01:00:00.000Z' } });
    expect(parsed.get('3921550016883001')).not.toHaveProperty('dispute');
    expect(parsed.get('3921550016883002')).toMatchObject({ dispute: { deadlineAt: '2026-11-30T10:00:00.000Z' } });
    expect(parsed.get('3921550016883003')).not.toHaveProperty('refund');
    expect(parsed.get('3921550016883003')).not.toHaveProperty('dispute');
    expect(parsed.get('3921550016883004')?.refund).toEqual({});
    expect(parsed.has('3921550016883005')).toBe(false);
    expect(parsed.get('3921550016883006')).not.toHaveProperty('refund');
    expect(errors).toEqual([expect.objectContaining({ file: 'orders', orderNo: '3921550016883005', code: 'invalid_field', field: 'disputeDeadline' })]);
  });
});
