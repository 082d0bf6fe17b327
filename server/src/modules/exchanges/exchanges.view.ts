/**
 * The exchange waybill (换货快递单, 打单 ⑥) as a print view, like the batch print view: HTML
 * with print CSS, one sheet per exchange (thermal 76×130 mm or A4). The day's exchange batch
 * opens with its clip label `换货 YYYY.MM.DD 姓名` (one per printer who printed that day).
 * Each waybill: the receiver with the full phone (the courier calls it; viewing is audited),
 * the address, the order, the wanted item, the case; the Code 128 barcode of the exchange's
 * tracking number once entered, else of the order number.
 */
import type { ExchangeViewQuery } from '@kefu/shared/schemas/exchanges';
import { barcodeSvg, PRINT_BUTTON_SCRIPT_PATH } from '../printing/print.view.ts';

export interface ExchangeWaybill {
  caseId: number;
  orderNo: string;
  buyerId: string;
  wanted: string;
  receiverName: string | null;
  receiverPhone: string | null;
  address: string;
  batchLabel: string | null;
  courier: string | null;
  trackingNo: string | null;
}

const WORDS = {
  'zh-CN': {
    title: '换货快递单',
    batch: '换货批次',
    receiver: '收件人',
    phone: '电话',
    address: '地址',
    order: '订单编号',
    buyer: '买家',
    wanted: '换货商品',
    caseNo: '售后登记',
    tracking: '换货单号',
    notPrinted: '未打印（打印后记入当天换货批次）',
    none: '—',
    empty: '这一天没有打印换货快递单',
    print: '按 Ctrl+P 打印（选择对应的纸张）；打印后在打单页点“已打印”，再录入换货单号',
    printButton: '打印',
    count: '共 {n} 张',
    clip: '用夹子夹好本批换货单',
  },
  en: {
    title: 'Exchange waybill',
    batch: 'Exchange batch',
    receiver: 'Receiver',
    phone: 'Phone',
    address: 'Address',
    order: 'Order no.',
    buyer: 'Buyer',
    wanted: 'Wanted item',
    caseNo: 'After-sale case',
    tracking: 'Exchange tracking no.',
    notPrinted: 'Not printed yet (joins the day’s exchange batch once printed)',
    none: '—',
    empty: 'No exchange waybill was printed that day',
    print: 'Press Ctrl+P to print (choose the matching paper); then mark it printed and enter its tracking number',
    printButton: 'Print',
    count: '{n} waybills',
    clip: 'Clip this exchange batch together',
  },
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = (size: ExchangeViewQuery['size']) => `
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; margin: 0; color: #000; background: #eee; }
.toolbar { position: sticky; top: 0; background: #222; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.toolbar button { font: inherit; font-weight: bold; padding: 6px 20px; border: 0; border-radius: 4px; background: #fff; color: #222; cursor: pointer; }
.sheet { background: #fff; margin: 12px auto; padding: ${size === 'a4' ? '12mm' : '3mm'}; width: ${size === 'a4' ? '210mm' : '76mm'}; min-height: ${size === 'a4' ? '148mm' : '130mm'}; page-break-after: always; break-after: page; font-size: ${size === 'a4' ? '12pt' : '8pt'}; }
.label { display: flex; flex-direction: column; justify-content: center; align-items: center; text-align: center; }
.label .big { font-size: 2.2em; }
h2 { font-size: 1.3em; margin: 0 0 2mm; display: flex; justify-content: space-between; gap: 2mm; }
.meta { display: grid; grid-template-columns: auto 1fr; gap: 0.8mm 3mm; }
.meta dt { white-space: nowrap; }
.meta dd { margin: 0; word-break: break-all; }
.barcode { display: block; width: 100%; height: ${size === 'a4' ? '22mm' : '18mm'}; margin: 2mm 0 1mm; }
.big { font-size: 1.4em; font-weight: bold; letter-spacing: 0.05em; text-align: center; }
.tag { border: 1px solid #000; padding: 0 1mm; font-size: 0.8em; font-weight: normal; }
@page { size: ${size === 'a4' ? 'A4' : '76mm 130mm'}; margin: 0; }
@media print { body { background: #fff; } .toolbar, .toolbar button { display: none; } .sheet { margin: 0; } }
`;

export function renderExchangeView(waybills: readonly ExchangeWaybill[], options: ExchangeViewQuery): string {
  const w = WORDS[options.lang];
  const text = (value: string | null) => (value ? escape(value) : w.none);
  const labels = options.day ? [...new Set(waybills.map((x) => x.batchLabel).filter((l): l is string => l !== null))] : [];
  const labelSheets = labels.map((label) => {
    const n = waybills.filter((x) => x.batchLabel === label).length;
    return `<section class="sheet label" data-testid="exchange-batch-label"><div>${w.batch}</div><div class="big">${escape(label)}</div><div>${w.count.replace('{n}', String(n))} · ${w.clip}</div></section>`;
  });
  const sheets = waybills.map((x) => {
    const code = x.trackingNo ?? x.orderNo;
    return `<section class="sheet" data-case="${x.caseId}"><h2><span>${w.title}</span><span class="tag">${x.batchLabel ? escape(x.batchLabel) : w.notPrinted}</span></h2>
<dl class="meta">
<dt>${w.receiver}</dt><dd><b>${text(x.receiverName)}</b></dd>
<dt>${w.phone}</dt><dd>${text(x.receiverPhone)}</dd>
<dt>${w.address}</dt><dd>${text(x.address)}</dd>
<dt>${w.wanted}</dt><dd><b>${text(x.wanted)}</b></dd>
<dt>${w.order}</dt><dd>${escape(x.orderNo)}</dd>
<dt>${w.buyer}</dt><dd>${escape(x.buyerId)}</dd>
<dt>${w.caseNo}</dt><dd>#${x.caseId}</dd>
<dt>${w.tracking}</dt><dd>${x.trackingNo ? `${text(x.courier)} ${escape(x.trackingNo)}` : w.none}</dd>
</dl>
${barcodeSvg(code)}<div class="big">${escape(code)}</div></section>`;
  });
  const title = options.day ? `${w.title} · ${labels.join(' / ') || options.day}` : `${w.title} #${options.caseId}`;
  const body = sheets.length ? [...labelSheets, ...sheets].join('\n') : `<section class="sheet label"><div>${w.empty}</div></section>`;
  return `<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${CSS(options.size)}</style><script src="${PRINT_BUTTON_SCRIPT_PATH}" defer></script></head>
<body><div class="toolbar"><button type="button" id="print-button">${w.printButton}</button><span>${w.print}</span></div>
${body}</body></html>`;
}
