/**
 * The printable 售后登记表: A4 landscape, one row per case laid out like the paper registry,
 * with an empty 签字 column for the warehouse (已验收) or the printer (原包裹已收到) to sign
 * by hand, and what the console already knows of each signature. A document of its own:
 * one inline stylesheet, no script (the page says to print with Ctrl+P).
 */
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const KIND: Record<AfterSaleCase['kind'], string> = { return: '退货', exchange: '换货', refund: '仅退款', recall: '快件退回', quality: '质量问题', difficult: '疑难件' };
const STATUS: Record<AfterSaleCase['status'], string> = { open: '处理中', awaiting_return: '等待退回', received: '已收到', refunded: '已退款', exchange_shipped: '换货已发出', closed: '已结束', rejected: '已拒绝' };

export function renderRegistry(cases: readonly AfterSaleCase[], tz: string, now: Date): string {
  const day = (iso: string | null | undefined) => (iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso)).replace(/-/g, '.') : '');
  const signed = (s: { by: { displayName: string }; at: string } | null, what: string) => (s ? `${what} ${escape(s.by.displayName)} ${day(s.at)}` : '');
  const rows = cases
    .map((c) => {
      const problem = [escape(c.reason), c.quality ? `<b>质量问题：</b>${escape(c.qualityLocation ?? '')}${c.liningInsole ? '（内里/鞋垫）' : ''}` : ''].filter(Boolean).join('<br>');
      const wanted = [c.wantedColor, c.wantedSize ? `${c.wantedSize}码` : null].filter(Boolean).join(' ');
      const postage = [c.returnPostagePayer ? `寄回：${c.returnPostagePayer === 'shop' ? '店铺' : '买家'}` : '', c.postageAdvancedFen ? `垫付 ¥${(c.postageAdvancedFen / 100).toFixed(2)}` : ''].filter(Boolean).join('<br>');
      const signatures = [
        c.kind === 'recall' || c.kind === 'difficult' ? signed(c.received, '原包裹已收到') : signed(c.received, '已验收'),
        signed(c.refunded, '已退款'),
        c.exchangeTrackingNo ? `换货已发出，单号为：${escape(c.exchangeTrackingNo)} ${signed(c.exchangeShipped, '')}` : '',
      ]
        .filter(Boolean)
        .join('<br>');
      return `<tr data-case="${c.id}"><td>${c.id}</td><td>${day(c.openedAt)}</td><td>${KIND[c.kind]}</td><td class="mono">${escape(c.orderNo)}</td><td>${escape(c.buyerId)}</td><td>${problem}</td><td>${escape(wanted)}</td><td>${postage}</td><td class="mono">${escape([c.returnCourier, c.returnTrackingNo].filter(Boolean).join(' '))}</td><td>${escape(c.openedBy.displayName)}</td><td>${STATUS[c.status]}</td><td class="sign">${signatures}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>售后登记表</title>
<style>
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 11px; color: #000; margin: 0; }
h1 { font-size: 18px; text-align: center; margin: 4px 0; }
.meta { display: flex; justify-content: space-between; margin-bottom: 6px; }
.hint { color: #555; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; word-break: break-all; }
th { background: #eee; }
.mono { font-family: ui-monospace, Menlo, monospace; }
td.sign { min-height: 32px; height: 32px; }
col.sign { width: 16%; }
@media print { .hint { display: none; } thead { display: table-header-group; } tr { break-inside: avoid; } }
</style></head><body>
<h1>售后登记表</h1>
<div class="meta"><span>打印日期：${day(now.toISOString())}　共 ${cases.length} 条</span><span class="hint">按 Ctrl+P 打印（横向 A4）</span></div>
<table>
<colgroup><col style="width:4%"><col style="width:7%"><col style="width:6%"><col style="width:11%"><col style="width:8%"><col style="width:17%"><col style="width:7%"><col style="width:7%"><col style="width:10%"><col style="width:5%"><col style="width:6%"><col class="sign"></colgroup>
<thead><tr><th>编号</th><th>日期</th><th>类型</th><th>订单号</th><th>买家ID</th><th>原因 / 质量问题部位</th><th>换货商品</th><th>运费</th><th>退货单号</th><th>客服</th><th>状态</th><th>签字（姓名、日期）</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="12">没有符合条件的售后单。</td></tr>'}
</tbody></table></body></html>`;
}
