/**
 * How the KPI page shows figures and builds its charts' data (pure, unit-tested). Times are
 * whole seconds, rates 0–1, money fen; a figure without data is "—".
 */
import { addDays } from '@kefu/shared/domain/kpis/days';
import type { KpiFigures, KpiReport } from '@kefu/shared/schemas/kpis';
import { formatFen } from '../../lib/money.ts';

export const DASH = '—';

/** "45秒", "2分05秒", "≥1小时" (zh) or "45 s", "2 min 05 s", "≥ 1 h" (en). */
export function formatSeconds(seconds: number | null, language: string): string {
  if (seconds === null) return DASH;
  const s = Math.round(seconds);
  const zh = language.startsWith('zh');
  if (s >= 3600) return zh ? '≥1小时' : '≥ 1 h';
  if (s < 60) return zh ? `${s}秒` : `${s} s`;
  const rest = String(s % 60).padStart(2, '0');
  return zh ? `${Math.floor(s / 60)}分${rest}秒` : `${Math.floor(s / 60)} min ${rest} s`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? DASH : `${(rate * 100).toFixed(1)}%`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? DASH : ratio.toFixed(2);
}

export function formatMoney(fen: number | null): string {
  return fen === null ? DASH : formatFen(fen);
}

/** The columns of the table, in order, with how each is shown. */
export const FIGURE_COLUMNS = [
  ['firstResponseAvgS', 'seconds'],
  ['responseAvgS', 'seconds'],
  ['responseMedianS', 'seconds'],
  ['responseP90S', 'seconds'],
  ['quickRate', 'rate'],
  ['answerRatio', 'ratio'],
  ['conversion', 'rate'],
  ['orderValueFen', 'money'],
  ['satisfiedRate', 'rate'],
  ['dissatisfiedRate', 'rate'],
  ['ratings', 'count'],
  ['pointsLost', 'count'],
] as const satisfies ReadonlyArray<readonly [keyof KpiFigures, string]>;

export function formatFigure(figures: KpiFigures, name: keyof KpiFigures, language: string): string {
  const kind = FIGURE_COLUMNS.find(([n]) => n === name)?.[1] ?? 'count';
  const value = figures[name];
  switch (kind) {
    case 'seconds':
      return formatSeconds(value, language);
    case 'rate':
      return formatRate(value);
    case 'ratio':
      return formatRatio(value);
    case 'money':
      return formatMoney(value);
    default:
      return value === null ? DASH : String(value);
  }
}

/** The last `days` shop days up to `today`, both included. */
export function lastDays(today: string, days: number): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export function isDay(value: string | null): value is string {
  return value !== null && DAY.test(value) && !Number.isNaN(Date.parse(value));
}

/** Per-day series for the charts: the team's 3-minute rate and average response, and questions per agent. */
export function dailySeries(report: KpiReport): {
  days: string[];
  quickRate: Array<number | null>;
  responseAvgS: Array<number | null>;
  questions: Array<{ name: string; data: number[] }>;
} {
  const days = report.days.map((d) => d.day);
  return {
    days,
    quickRate: report.days.map((d) => (d.team.quickRate === null ? null : Math.round(d.team.quickRate * 1000) / 10)),
    responseAvgS: report.days.map((d) => (d.team.responseAvgS === null ? null : Math.round(d.team.responseAvgS))),
    questions: report.agents.map((a) => ({ name: a.displayName, data: report.days.map((d) => d.agents[String(a.staffId)]?.questions ?? 0) })),
  };
}
