/** Real-looking back-office exports for tests and the import bench (headers as the marketplace writes them). */

export const ORDER_HEADER =
  '订单编号,买家会员名,买家支付宝账号,买家应付货款,买家实际支付金额,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,物流单号 ,物流公司,订单备注,修改后的收货地址,退款状态,退款金额,退款超时时间,维权状态,维权超时时间';
export const ITEM_HEADER = '订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码';

export interface OrderLine {
  orderNo: string;
  buyer: string;
  paid: string;
  status: string;
  message?: string;
  receiver?: string;
  address?: string;
  mobile?: string;
  createdAt: string;
  paidAt?: string;
  trackingNo?: string;
  courier?: string;
  note?: string;
  changedAddress?: string;
  refundStatus?: string;
  refundAmount?: string;
  refundDeadline?: string;
  disputeStatus?: string;
  disputeDeadline?: string;
}

const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One 订单报表 row; long numbers written `="…"` as the back office does. */
export function orderLine(o: OrderLine): string {
  return [
    `="${o.orderNo}"`,
    o.buyer,
    'buyer@example.cn',
    o.paid,
    o.paid,
    o.status,
    o.message ?? '',
    o.receiver ?? '',
    o.address ?? '',
    '快递',
    '',
    o.mobile ? `'${o.mobile}` : '',
    o.createdAt,
    o.paidAt ?? '',
    '',
    o.trackingNo ? `\t${o.trackingNo}` : '',
    o.courier ?? '',
    o.note ?? '',
    o.changedAddress ?? '',
    o.refundStatus ?? '',
    o.refundAmount ?? '',
    o.refundDeadline ?? '',
    o.disputeStatus ?? '',
    o.disputeDeadline ?? '',
  ]
    .map(q)
    .join(',');
}

export function itemLine(orderNo: string, title: string, price: string, quantity: string, attributes: string, code = ''): string {
  return [`="${orderNo}"`, title, price, quantity, '', attributes, '', '', '', code].map(q).join(',');
}
