/**
 * The print view of a batch (docs/orders.md "Printing"): HTML with print CSS, on A4 or on the
 * 76 mm × 130 mm thermal labels of the e-waybill printers. For each order a dispatch note
 * (发货单: items, colour and size, quantity, the buyer's message, every note) and a waybill
 * sheet with the tracking number as a Code 128 barcode. The bars come from bwip-js's encoder
 * (`raw`: the module widths), drawn as SVG rectangles — its own SVG drawing is ten times
 * slower, too slow for a 2,000-order batch.
 */
import bwipjs from 'bwip-js/node';
import { maskPhone } from '@kefu/shared/domain/orders/receiver';
import type { PrintBatch, PrintViewQuery } from '@kefu/shared/schemas/print';
import type { PrintableOrder } from './print.repository.ts';

const WORDS = {
  'zh-CN': {
    title: '打印批次',
    dispatch: '发货单',
    waybill: '快递单',
    order: '订单编号',
    buyer: '买家',
    paidAt: '付款时间',
    item: '宝贝',
    colour: '颜色',
    size: '尺码',
    receiver: '收货人',
    phone: '电话',
    address: '地址',
    quantity: '数量',
    message: '买家留言',
    notes: '备注',
    none: '无',
    tracking: '运单号',
    noTracking: '运单号待填',
    courier: '快递公司',
    reprint: '补打',
    print: '按 Ctrl+P 打印（选择对应纸张）',
    printButton: '打印',
    pieces: '件数',
    count: '共 {n} 单',
  },
  en: {
    title: 'Print batch',
    dispatch: 'Dispatch note',
    waybill: 'Waybill',
    order: 'Order no.',
    buyer: 'Buyer',
    paidAt: 'Paid at',
    item: 'Item',
    colour: 'Colour',
    size: 'Size',
    receiver: 'Receiver',
    phone: 'Phone',
    address: 'Address',
    quantity: 'Qty',
    message: 'Buyer message',
    notes: 'Notes',
    none: 'none',
    tracking: 'Tracking no.',
    noTracking: 'tracking number to be written in',
    courier: 'Courier',
    reprint: 'Reprint',
    print: 'Press Ctrl+P to print (choose the matching paper)',
    printButton: 'Print',
    pieces: 'Pieces',
    count: '{n} orders',
  },
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Code 128 barcode as SVG: bwip-js encodes, the bars are its module widths. */
export function barcodeSvg(text: string): string {
  const [encoded] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  const sbs = encoded!.sbs;
  const quiet = 10;
  let x = quiet;
  const bars: string[] = [];
  sbs.forEach((width, i) => {
    if (i % 2 === 0) bars.push(`M${x} 0h${width}v50h-${width}z`);
    x += width;
  });
  return `<svg class="barcode" data-code="${escape(text)}" viewBox="0 0 ${x + quiet} 50" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escape(text)}"><path d="${bars.join('')}"/></svg>`;
}

const CSS = (size: PrintViewQuery['size']) => `
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; background: #eee; }
.toolbar { position: sticky; top: 0; background: #222; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.toolbar button { font: inherit; font-weight: bold; padding: 6px 20px; border: 0; border-radius: 4px; background: #fff; color: #222; cursor: pointer; }
.sheet { background: #fff; margin: 12px auto; padding: ${size === 'a4' ? '12mm' : '3mm'}; width: ${size === 'a4' ? '210mm' : '76mm'}; min-height: ${size === 'a4' ? '148mm' : '130mm'}; page-break-after: always; break-after: page; font-size: ${size === 'a4' ? '12pt' : '8pt'}; }
h2 { font-size: 1.3em; margin: 0 0 2mm; display: flex; justify-content: space-between; }
.reprint { border: 1px solid #000; padding: 0 1mm; font-size: 0.8em; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0; }
th, td { border: 1px solid #000; padding: 1mm; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.meta { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 3mm; }
.barcode { display: block; width: 100%; height: ${size === 'a4' ? '22mm' : '18mm'}; margin: 2mm 0 1mm; }
.big { font-size: 1.4em; font-weight: bold; letter-spacing: 0.05em; text-align: center; }
.blank { border: 1px dashed #000; height: 18mm; display: flex; align-items: center; justify-content: center; margin: 2mm 0; }
ul { margin: 1mm 0; padding-left: 5mm; }
@page { size: ${size === 'a4' ? 'A4' : '76mm 130mm'}; margin: 0; }
@media print { body { background: #fff; } .toolbar, .toolbar button { display: none; } .sheet { margin: 0; } }
`;

/**
 * The print view's only script, a file of the console's own origin (the view's CSP allows
 * `script-src 'self'` and no inline script): the 打印 button calls window.print().
 */
export const PRINT_BUTTON_SCRIPT_PATH = '/api/print/print-button.js';
export const PRINT_BUTTON_SCRIPT = "document.getElementById('print-button')?.addEventListener('click', () => window.print());\n";

function itemRows(order: PrintableOrder, w: (typeof WORDS)[keyof typeof WORDS]): string {
  return `<table><thead><tr><th>${w.item}</th><th>${w.colour}</th><th>${w.size}</th><th>${w.quantity}</th></tr></thead><tbody>${order.items
    .map((i) => `<tr><td>${escape(i.title)}</td><td>${escape(i.colour ?? '')}</td><td>${escape(i.size ?? '')}</td><td class="n">${i.quantity}</td></tr>`)
    .join('')}</tbody></table>`;
}

/**
 * The dispatch note goes into the parcel: the phone on it is masked. The waybill is what the
 * courier reads to deliver and call: it carries the full number (viewing the batch is audited).
 */
export function renderPrintView(batch: PrintBatch, orders: readonly PrintableOrder[], options: PrintViewQuery, tz: string): string {  const w = WORDS[options.lang];
  const reprints = new Set(batch.reprints);
  const time = new Intl.DateTimeFormat(options.lang, { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sheets = orders.map((order) => {
    const notes = order.notes;
    const receiver = (phone: string) =>
      order.receiver ? `<b>${w.receiver}</b><span>${escape(order.receiver.name)} ${escape(phone)}</span><b>${w.address}</b><span>${escape(order.receiver.address)}</span>` : '';
    const mark = reprints.has(order.orderNo) ? `<span class="reprint">${w.reprint}</span>` : '';
    const pieces = order.items.reduce((sum, i) => sum + i.quantity, 0);
    const dispatch = `<section class="sheet dispatch" data-order="${escape(order.orderNo)}">
<h2><span>${w.dispatch}</span>${mark}</h2>
<div class="meta"><b>${w.order}</b><span>${escape(order.orderNo)}</span><b>${w.buyer}</b><span>${escape(order.buyerId)}</span>${order.paidAt ? `<b>${w.paidAt}</b><span>${time.format(order.paidAt)}</span>` : ''}${receiver(order.receiver ? maskPhone(order.receiver.phone) : '')}</div>
${itemRows(order, w)}
<div><b>${w.message}：</b>${order.buyerMessage ? escape(order.buyerMessage) : w.none}</div>
<div><b>${w.notes}：</b>${notes.length ? `<ul>${notes.map((n) => `<li>${escape(n)}</li>`).join('')}</ul>` : w.none}</div>
<div class="meta"><b>${escape(batch.label)}</b><span></span></div>
</section>`;
    const waybill = `<section class="sheet waybill" data-order="${escape(order.orderNo)}">
<h2><span>${w.waybill}${order.courier ? ` · ${escape(order.courier)}` : ''}</span>${mark}</h2>
${order.trackingNo ? `${barcodeSvg(order.trackingNo)}<div class="big">${escape(order.trackingNo)}</div>` : `<div class="blank">${w.noTracking}</div>`}
<div class="meta">${receiver(order.receiver?.phone ?? '')}<b>${w.order}</b><span>${escape(order.orderNo)}</span><b>${w.buyer}</b><span>${escape(order.buyerId)}</span><b>${w.pieces}</b><span>${pieces}</span></div>
</section>`;
    return dispatch + waybill;
  });
  return `<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><title>${w.title} ${escape(batch.label)}</title><style>${CSS(options.size)}</style><script src="${PRINT_BUTTON_SCRIPT_PATH}" defer></script></head>
<body><div class="toolbar"><button type="button" id="print-button" data-testid="print-button">${w.printButton}</button><b>${w.title} ${escape(batch.label)}</b><span>${w.count.replace('{n}', String(orders.length))}</span><span>${w.print}</span></div>
${sheets.join('\n')}</body></html>`;
}
