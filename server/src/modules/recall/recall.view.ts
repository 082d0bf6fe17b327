/**
 * The two-part recall slip (快件退回单) as a print view, like the batch print view: HTML with
 * print CSS, both parts on one A4 sheet (cut along the dashed line) or each on its own A5.
 * Part 1 (存根联) is signed by the courier and kept by the printer; part 2 (快递员联) goes
 * with the courier: order, receiver, the original tracking number and its Code 128 barcode,
 * courier, reason, who made it and when.
 */
import { shopDay } from '@kefu/shared/domain/orders/print/label';
import type { SlipViewQuery } from '@kefu/shared/schemas/recall';
import { barcodeSvg } from '../printing/print.view.ts';
import type { SlipRecord } from './recall.repository.ts';

const WORDS = {
  'zh-CN': {
    title: '快件退回单',
    part1: '第一联 · 存根联（快递员签字，打单人员留存）',
    part2: '第二联 · 快递员联（快递员带走，凭此退回原包裹）',
    slipNo: '退回单号',
    order: '订单编号',
    receiver: '收货人',
    tracking: '原运单号',
    courier: '快递公司',
    reason: '退回原因',
    madeBy: '制单人',
    madeAt: '制单时间',
    courierSign: '快递员签字',
    signTime: '签字时间',
    signed: '已签字',
    received: '原包裹收到',
    none: '—',
    print: '按 Ctrl+P 打印（A4 对半裁开，或 A5 两张）',
    cut: '沿虚线裁开',
  },
  en: {
    title: 'Courier recall slip',
    part1: 'Part 1 · counterfoil (the courier signs; the printer keeps it)',
    part2: 'Part 2 · courier copy (the courier takes it to bring the parcel back)',
    slipNo: 'Slip no.',
    order: 'Order no.',
    receiver: 'Receiver',
    tracking: 'Original tracking no.',
    courier: 'Courier',
    reason: 'Reason',
    madeBy: 'Made by',
    madeAt: 'Made at',
    courierSign: 'Courier signature',
    signTime: 'Signed at',
    signed: 'signed',
    received: 'Parcel back',
    none: '—',
    print: 'Press Ctrl+P to print (A4 cut in half, or two A5 sheets)',
    cut: 'cut along the dashed line',
  },
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = (size: SlipViewQuery['size']) => `
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; background: #eee; }
.toolbar { position: sticky; top: 0; background: #222; color: #fff; padding: 8px 16px; }
.sheet { background: #fff; margin: 12px auto; width: ${size === 'a4' ? '210mm' : '148mm'}; ${size === 'a4' ? 'height: 297mm;' : ''} page-break-after: always; break-after: page; }
.part { padding: 10mm 12mm; height: ${size === 'a4' ? '148.5mm' : '210mm'}; font-size: 11pt; overflow: hidden; }
.a5 .part { page-break-after: always; break-after: page; margin-bottom: 12px; background: #fff; }
.part + .part { border-top: 1px dashed #000; }
h1 { font-size: 16pt; margin: 0; display: flex; justify-content: space-between; align-items: baseline; }
h2 { font-size: 10pt; font-weight: normal; margin: 1mm 0 3mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { width: 28mm; white-space: nowrap; font-weight: normal; }
.barcode { display: block; width: 80mm; height: 16mm; margin: 2mm 0 0; }
.sign { height: 14mm; }
@page { size: ${size === 'a4' ? 'A4' : 'A5'}; margin: 0; }
@media print { body { background: #fff; } .toolbar { display: none; } .sheet { margin: 0; } .a5 .part { margin: 0; } }
`;

export function renderSlipView(slip: SlipRecord, options: SlipViewQuery, tz: string): string {
  const w = WORDS[options.lang];
  const time = new Intl.DateTimeFormat(options.lang, { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const text = (value: string | null) => (value ? escape(value) : w.none);
  const row = (label: string, value: string) => `<tr><th>${label}</th><td>${value}</td></tr>`;
  const common = [
    row(w.slipNo, `<b>${escape(slip.slipNo)}</b>`),
    row(w.order, escape(slip.orderNo)),
    row(w.courier, text(slip.courier)),
    row(w.tracking, text(slip.trackingNo)),
    row(w.reason, escape(slip.reason)),
    row(w.madeBy, escape(slip.createdByName)),
    row(w.madeAt, time.format(slip.createdAt)),
  ];
  const signature = slip.courierName ? `${escape(slip.courierName)}（${w.signed}）` : '';
  const part1 = `<section class="part" data-part="1"><h1>${w.title}<small>${escape(slip.slipNo)}</small></h1><h2>${w.part1}</h2><table>${common.join('')}
    ${row(w.courierSign, `<div class="sign">${signature}</div>`)}${row(w.signTime, slip.signedAt ? time.format(slip.signedAt) : '')}
    ${slip.registryLine ? row(w.received, escape(slip.registryLine)) : ''}</table></section>`;
  const part2 = `<section class="part" data-part="2"><h1>${w.title}<small>${escape(slip.slipNo)}</small></h1><h2>${w.part2}</h2><table>
    ${common.slice(0, 2).join('')}${row(w.receiver, text(slip.receiverName))}${common.slice(2).join('')}</table>
    ${slip.trackingNo ? barcodeSvg(slip.trackingNo) : ''}</section>`;
  return `<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><title>${w.title} ${escape(slip.slipNo)} · ${shopDay(slip.createdAt, tz)}</title><style>${CSS(options.size)}</style></head>
<body><div class="toolbar">${w.print} · ${w.cut}</div><div class="sheet ${options.size}">${part1}${part2}</div></body></html>`;
}
