/**
 * The printable 质量异常分析日报表: A4 portrait, Chinese (the shop's paper language, like the
 * other print pages), unusual lines in bold with 异常. A document of its own: one inline
 * stylesheet, no script (the page says to print with Ctrl+P).
 */
import type { QualityGroup, QualityReport } from '@kefu/shared/schemas/qualityreport';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const PROBLEM_ZH: Record<string, string> = { glue: '开胶', broken: '断裂', stitching: '开线', torn: '破损', colour: '颜色/掉色', smell: '异味', rubbing: '磨脚/夹脚', size: '尺码不合适', dirty: '污渍', wrong: '发错/不符', other: '其他' };
export const LOCATION_ZH: Record<string, string> = { toe: '鞋头', heel: '鞋跟', sole: '鞋底', upper: '鞋面', tongue: '鞋舌', laces: '鞋带/鞋扣', insole: '鞋垫', lining: '内里', other: '其他/未写明' };
const KIND_ZH: Record<string, string> = { return: '退货', exchange: '换货', quality: '质量问题', refund: '仅退款', recall: '快件退回', difficult: '疑难件', complaint: '质量投诉' };
const CATEGORY_ZH: Record<string, string> = { attitude: '服务态度', wrong_goods: '发错货', quality: '质量', delivery: '物流', other: '其他' };
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
const secs = (v: number | null) => (v === null ? '—' : v < 60 ? `${Math.round(v)}秒` : `${Math.floor(v / 60)}分${Math.round(v % 60)}秒`);

function groupTable(title: string, groups: readonly QualityGroup[], label: (key: string) => string): string {
  const rows = groups.length
    ? groups.map((g) => `<tr class="${g.unusual ? 'unusual' : ''}"><td>${escape(label(g.key))}</td><td>${g.day}</td><td>${g.previous7}</td><td>${g.previous30}</td><td>${g.mean30}</td><td>${g.unusual ? '异常' : ''}</td></tr>`).join('')
    : '<tr><td colspan="6">无</td></tr>';
  return `<h2>${title}</h2><table><thead><tr><th>项目</th><th>当日</th><th>前7天</th><th>前30天</th><th>30天日均</th><th>异常</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderQualityReport({ day, builtAt, report: r }: QualityReport, tz: string): string {
  const built = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(new Date(builtAt));
  const cases = r.cases.length
    ? r.cases.map((c) => `<tr><td>${KIND_ZH[c.kind] ?? escape(c.kind)}${c.quality && c.kind !== 'quality' && c.kind !== 'complaint' ? '（质量）' : ''}</td><td class="mono">${escape(c.orderNo ?? '')}</td><td>${escape(c.products.join('；'))}</td><td>${escape(c.text)}</td><td>${escape(c.location ?? '')}</td></tr>`).join('')
    : '<tr><td colspan="5">无</td></tr>';
  const complaints = r.complaints.list.length
    ? r.complaints.list.map((c) => `<tr><td>#${c.id}</td><td>${CATEGORY_ZH[c.category] ?? c.category}</td><td>${escape(c.staff ?? '')}</td><td>${escape(c.description)}</td></tr>`).join('')
    : '<tr><td colspan="4">无</td></tr>';
  const agents = r.kpis.agents
    .map((a) => `<tr><td>${escape(a.displayName)}</td><td>${a.figures.questions}</td><td>${secs(a.figures.firstResponseAvgS)}</td><td>${pct(a.figures.quickRate)}</td><td>${a.figures.answerRatio === null ? '—' : a.figures.answerRatio.toFixed(2)}</td><td>${pct(a.figures.conversion)}</td><td>${pct(a.figures.satisfiedRate)}</td></tr>`)
    .join('');
  const t = r.kpis.team;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>质量异常分析日报表 ${day}</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; font-size: 11px; color: #000; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 18px; text-align: center; margin: 4px 0; }
h2 { font-size: 13px; margin: 12px 0 4px; }
.meta { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 8px; margin-bottom: 6px; }
.hint { color: #555; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; text-align: left; word-break: break-word; }
th { background: #eee; }
tr.unusual td { font-weight: bold; background: #fde2e2; }
.mono { font-family: ui-monospace, Menlo, monospace; }
@media print { .hint { display: none; } thead { display: table-header-group; } tr { break-inside: avoid; } tr.unusual td { background: none; } }
</style></head><body>
<h1>质量异常分析日报表</h1>
<div class="meta"><span>日期：${day}　生成：${built}</span><span>售后 ${r.total.day} 件（质量 ${r.quality.day} 件）　异常 ${r.unusual} 项</span><span class="hint">按 Ctrl+P 打印（A4）</span></div>
<p>异常规则：当日件数超过前30天日均的2倍，且不少于3件。</p>
${groupTable('合计', [{ ...r.total, key: '售后（退货、换货、质量）' }, { ...r.quality, key: '其中质量问题' }], (k) => k)}
${groupTable('按商品（标题/SKU）', r.byProduct, (k) => k)}
${groupTable('按问题', r.byProblem, (k) => PROBLEM_ZH[k] ?? k)}
${groupTable('按鞋子部位（质量问题）', r.byLocation, (k) => LOCATION_ZH[k] ?? k)}
<h2>当日售后与质量投诉</h2><table><thead><tr><th>类型</th><th>订单号</th><th>商品</th><th>原因</th><th>部位</th></tr></thead><tbody>${cases}</tbody></table>
<h2>当日客户投诉（${r.complaints.count}）</h2><table><thead><tr><th>编号</th><th>类别</th><th>被投诉客服</th><th>内容</th></tr></thead><tbody>${complaints}</tbody></table>
<h2>当日评价</h2><p>评价 ${r.ratings.count} 条，满意 ${r.ratings.satisfied}，不满意 ${r.ratings.dissatisfied}，平均 ${r.ratings.average ?? '—'} 分${r.ratings.low.map((l) => `；对话 #${l.conversationId} ${l.score} 分（${escape(l.staff ?? '—')}）${l.comment ? escape(l.comment) : ''}`).join('')}</p>
<h2>当日客服指标</h2><table><thead><tr><th>客服</th><th>咨询</th><th>首次响应</th><th>3分钟响应率</th><th>答问比</th><th>询单转化率</th><th>满意率</th></tr></thead><tbody>${agents}<tr><th>全队</th><td>${t.questions}</td><td>${secs(t.firstResponseAvgS)}</td><td>${pct(t.quickRate)}</td><td>${t.answerRatio === null ? '—' : t.answerRatio.toFixed(2)}</td><td>${pct(t.conversion)}</td><td>${pct(t.satisfiedRate)}</td></tr></tbody></table>
</body></html>`;
}
