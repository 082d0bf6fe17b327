/**
 * The registry as CSV for a spreadsheet (售后登记表): UTF-8 with a byte-order mark (without it
 * Excel reads the Chinese as mojibake), CRLF line ends, Chinese headers, times in the shop's
 * zone, money in yuan. Text cells that start like a formula are defused.
 */
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';

const BOM = '\uFEFF';

function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const KIND: Record<AfterSaleCase['kind'], string> = { return: '退货', exchange: '换货', refund: '仅退款', recall: '快件退回', quality: '质量问题', difficult: '疑难件' };
const STATUS: Record<AfterSaleCase['status'], string> = {
  open: '处理中',
  awaiting_return: '等待退回',
  received: '已收到',
  refunded: '已退款',
  exchange_shipped: '换货已发出',
  closed: '已结束',
  rejected: '已拒绝',
};
const INSPECTION = { passed: '已验收', not_as_described: '没有所述问题', damaged: '损坏不能二次销售' } as const;
const PAYER = { buyer: '买家', shop: '店铺' } as const;

const HEADERS = [
  '编号', '类型', '状态', '订单号', '买家', '原因', '质量问题', '问题部位', '寄回运费', '寄出运费', '垫付运费(元)', '运费返还',
  '要换的商品', '退货快递', '退货单号', '单号登记', '验收结果', '验收签字', '退款', '换货单号', '换货发出', '登记人', '登记时间', '结果',
];

export function casesCsv(cases: readonly AfterSaleCase[], tz: string): string {
  const time = (iso: string | null | undefined) =>
    iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)) : '';
  const signed = (s: { by: { displayName: string }; at: string } | null) => (s ? `${s.by.displayName} ${time(s.at)}` : '');
  const rows = cases.map((c) => [
    c.id,
    KIND[c.kind],
    STATUS[c.status],
    c.orderNo,
    c.buyerId,
    c.reason,
    c.quality ? (c.liningInsole ? '是（内里/鞋垫）' : '是') : '否',
    c.qualityLocation,
    c.returnPostagePayer ? PAYER[c.returnPostagePayer] : '',
    c.resendPostagePayer ? PAYER[c.resendPostagePayer] : '',
    c.postageAdvancedFen === null ? '' : yuan(c.postageAdvancedFen),
    signed(c.postageRefunded),
    [c.wantedColor, c.wantedSize].filter(Boolean).join(' '),
    c.returnCourier,
    c.returnTrackingNo,
    signed(c.returnTrackingEntered),
    c.inspectionResult ? INSPECTION[c.inspectionResult] + (c.inspectionNote ? `：${c.inspectionNote}` : '') : '',
    signed(c.received),
    signed(c.refunded),
    c.exchangeTrackingNo ? `${c.exchangeCourier ?? ''} ${c.exchangeTrackingNo}`.trim() : '',
    signed(c.exchangeShipped),
    c.openedBy.displayName,
    time(c.openedAt),
    c.rejectedReason ? `已拒绝：${c.rejectedReason}` : (c.closeNote ?? ''),
  ]);
  return BOM + [HEADERS, ...rows].map((row) => row.map((v) => cell(v as string | number | null)).join(',')).join('\r\n') + '\r\n';
}
