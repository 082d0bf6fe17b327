/**
 * Requests to the warehouse (仓库; rulebook 售前 ⑥ ⑨, 客服部规章制度 12–13): written, signed and
 * dated, never spoken. Each carries what rule 12 requires — the buyer's ID, the receiver's name,
 * the address, the order — copied from the order by the console, so the agent cannot leave it
 * out; a clerk who finds it wrong marks it so (G12 evidence). They travel on the alert channel
 * with the audience `warehouse`. Pure.
 */

/**
 * - stock_check: confirm stock before promising a hurried buyer a date (售前 ⑨);
 * - fetch_documents: hand back the dispatch note and waybill of a printed order (售前 ⑥);
 * - fetch_parcel: hand back a packed parcel (售前 ⑥);
 * - find_parcel: find a parcel (rule 12's example).
 */
export const WAREHOUSE_REQUEST_KINDS = ['stock_check', 'fetch_documents', 'fetch_parcel', 'find_parcel'] as const;
export type WarehouseRequestKind = (typeof WAREHOUSE_REQUEST_KINDS)[number];

/** The request in the rulebook's words, what the slip says before the details. */
export const WAREHOUSE_REQUEST_WORDS: Record<WarehouseRequestKind, string> = {
  stock_check: '请确认库存',
  fetch_documents: '请交回发货单与快递单',
  fetch_parcel: '请交回已打包的包裹',
  find_parcel: '请找出包裹',
};

export interface WarehouseRequestFacts {
  orderNo: string;
  buyerId: string;
  receiverName: string;
  /** The address in one line (formatAddress). */
  address: string;
  /** What the agent adds: the item and size to check, why the parcel is wanted. */
  detail: string;
}

/**
 * `请确认库存：黑色38码，客户急要｜买家ID：小鹿买鞋；收货人：林小鹿；收货地址：…；订单号：…`:
 * the request, then the facts rule 12 asks for, in a fixed order the clerk can read at a glance.
 */
export function warehouseRequestSummary(kind: WarehouseRequestKind, facts: WarehouseRequestFacts): string {
  const detail = facts.detail.trim();
  return `${WAREHOUSE_REQUEST_WORDS[kind]}${detail ? `：${detail}` : ''}｜买家ID：${facts.buyerId}；收货人：${facts.receiverName}；收货地址：${facts.address}；订单号：${facts.orderNo}`;
}

/** Which orders a request makes sense for: documents exist once printed, a parcel once packed. */
export function warehouseRequestAllowed(kind: WarehouseRequestKind, orderStatus: string): boolean {
  switch (kind) {
    case 'stock_check':
      return orderStatus === 'unpaid' || orderStatus === 'paid';
    case 'fetch_documents':
      return orderStatus === 'printed';
    case 'fetch_parcel':
      return orderStatus === 'packed';
    case 'find_parcel':
      return ['packed', 'shipped', 'delivered', 'returned', 'cancelled'].includes(orderStatus);
  }
}
