/**
 * The daily quality report (质量异常分析日报表, issue 15; docs/quality-report.md): built each
 * morning by the workers' `quality.dailyReport` job for yesterday, kept (one row per day: a
 * unique key, so building a day twice keeps the first report and announces it once), listed
 * and printable for the supervisor and the manager.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@kefu/shared/errors';
import { addDays, dayStart, shopDay } from '@kefu/shared/domain/kpis/days';
import { PREVIOUS_DAYS, qualityCounts, unusualCount, type QualityItem } from '@kefu/shared/domain/quality/report';
import { COMPLAINT_CATEGORIES } from '@kefu/shared/domain/complaints/complaints';
import type { QualityReport, QualityReportBody, QualityReportList } from '@kefu/shared/schemas/qualityreport';
import { notificationsRepository, type NotificationRecord } from '../notifications/notifications.repository.ts';
import { KpisService } from '../kpis/kpis.service.ts';
import { renderQualityReport } from './qualityreport.print.ts';
import { audit } from '../audit/audit.service.ts';
import type { Actor } from '../../platform/http.ts';

/** Who reads the report and is told it is ready. */
export const REPORT_READERS = ['supervisor', 'manager'] as const;
/** The after-sale cases the report counts: returns, exchanges and quality cases (and any case flagged quality). */
const COUNTED_KINDS = ['return', 'exchange', 'quality'];

type Row = Record<string, unknown>;
type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export interface BuildOutcome {
  created: boolean;
  report: QualityReport;
  notifications: NotificationRecord[];
}

export class QualityReportService {
  private readonly kpis: KpisService;

  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date,
    private readonly tz: string,
  ) {
    this.kpis = new KpisService(db, clock, tz);
  }

  /** Yesterday in the shop's zone. */
  yesterday(): string {
    return addDays(shopDay(this.clock(), this.tz), -1);
  }

  /**
   * Builds the report of a finished day unless it exists. Idempotent: a second run (also two
   * at once) finds the day's row and changes nothing; only the run that inserted it notifies.
   * `actor`: the supervisor's "build now" (POST /api/quality-reports/build), recorded as the
   * builder and audited; the workers' job has none.
   */
  async build(day: string = this.yesterday(), actor: Actor | null = null): Promise<BuildOutcome> {
    const now = this.clock();
    if (day >= shopDay(now, this.tz)) throw new AppError('invalid', `The day ${day} is not over yet`, { reason: 'day_not_over', day });
    // A build asked for by a person is audited, also when the day already had its report.
    const asked = async (tx: EntityManager, created: boolean) => {
      if (actor) await audit(tx, { actorId: actor.id, action: 'quality.report.build', entity: 'quality_report', entityId: day, details: { created }, ip: actor.ip, at: now });
    };
    const existing = await this.find(day);
    if (existing) {
      if (actor) await this.db.transaction((tx) => asked(tx, false));
      return { created: false, report: existing, notifications: [] };
    }
    const body = await this.compute(day);
    const outcome = await this.db.transaction(async (tx) => {
      const inserted = (await tx.query('INSERT IGNORE INTO quality_report (day, body, anomalies, built_at, built_by) VALUES (?, ?, ?, ?, ?)', [day, JSON.stringify(body), body.unusual, now, actor?.id ?? null])) as { affectedRows: number };
      await asked(tx, Number(inserted.affectedRows) > 0);
      if (Number(inserted.affectedRows) === 0) return { created: false, notifications: [] as NotificationRecord[] };
      const readers = (await tx.query(
        `SELECT DISTINCT s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE r.role IN (?) AND s.active = 1 ORDER BY s.id`,
        [REPORT_READERS],
      )) as Array<{ id: number }>;
      const notifications = await notificationsRepository.insert(
        tx,
        readers.map((s) => ({ staffId: Number(s.id), kind: 'quality.report', payload: { day, unusual: body.unusual, total: body.total.day } })),
        now,
      );
      return { created: true, notifications };
    });
    return { ...outcome, report: (await this.find(day))! };
  }

  async list(): Promise<QualityReportList> {
    const rows = (await this.db.query(
      `SELECT id, DATE_FORMAT(day, '%Y-%m-%d') AS day, built_at AS builtAt, anomalies, body FROM quality_report ORDER BY day DESC LIMIT 120`,
    )) as Row[];
    return {
      reports: rows.map((r) => {
        const body = JSON.parse(text(r.body)) as QualityReportBody;
        return { id: Number(r.id), day: text(r.day), builtAt: new Date(r.builtAt as Date).toISOString(), unusual: Number(r.anomalies), total: body.total.day, quality: body.quality.day };
      }),
    };
  }

  async get(day: string): Promise<QualityReport> {
    const report = await this.find(day);
    if (!report) throw new AppError('not_found', `No quality report for ${day}`, { reason: 'no_report', day });
    return report;
  }

  async printView(day: string): Promise<string> {
    return renderQualityReport(await this.get(day), this.tz);
  }

  private async find(day: string): Promise<QualityReport | null> {
    const rows = (await this.db.query(`SELECT id, DATE_FORMAT(day, '%Y-%m-%d') AS day, built_at AS builtAt, body FROM quality_report WHERE day = ?`, [day])) as Row[];
    const row = rows[0];
    if (!row) return null;
    return { id: Number(row.id), day: text(row.day), builtAt: new Date(row.builtAt as Date).toISOString(), report: JSON.parse(text(row.body)) as QualityReportBody };
  }

  /** Everything the report says about `day`, read from the registry, the complaints, the ratings and the KPIs. */
  private async compute(day: string): Promise<QualityReportBody> {
    const db = this.db.manager;
    const start = dayStart(addDays(day, -PREVIOUS_DAYS), this.tz);
    const dayFrom = dayStart(day, this.tz);
    const end = dayStart(addDays(day, 1), this.tz);

    const cases = (await db.query(
      `SELECT c.id, c.kind, c.quality, c.reason, c.quality_location AS location, c.order_no AS orderNo, c.order_id AS orderId, c.opened_at AS openedAt
       FROM after_sale_case c WHERE c.opened_at >= ? AND c.opened_at < ? AND (c.kind IN (?) OR c.quality = 1) ORDER BY c.opened_at, c.id`,
      [start, end, COUNTED_KINDS],
    )) as Row[];
    const complaints = (await db.query(
      `SELECT c.id, c.category, c.severity, c.description, c.order_no AS orderNo, c.created_at AS createdAt, s.display_name AS staff, o.id AS orderId
       FROM complaint c LEFT JOIN staff s ON s.id = c.staff_id LEFT JOIN shop_order o ON o.order_no = c.order_no
       WHERE c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.id`,
      [start, end],
    )) as Row[];
    const orderIds = [...new Set([...cases, ...complaints].map((r) => r.orderId).filter((v) => v !== null && v !== undefined).map(Number))];
    const goods = new Map<number, string[]>();
    if (orderIds.length) {
      const items = (await db.query('SELECT order_id AS orderId, title, colour, size FROM shop_order_item WHERE order_id IN (?) ORDER BY order_id, line_no', [orderIds])) as Row[];
      for (const item of items) {
        const list = goods.get(Number(item.orderId)) ?? [];
        // The product as the shop names it: title, 颜色分类 and 尺码 (the SKU).
        list.push([text(item.title), text(item.colour), item.size ? `${text(item.size)}码` : ''].filter(Boolean).join(' '));
        goods.set(Number(item.orderId), list);
      }
    }

    const listed: QualityReportBody['cases'] = [];
    const items: QualityItem[] = [];
    for (const c of cases) {
      const quality = Number(c.quality) === 1 || c.kind === 'quality';
      const location = c.location === null ? null : text(c.location);
      const item: QualityItem = { day: shopDay(new Date(c.openedAt as Date), this.tz), quality, products: goods.get(Number(c.orderId)) ?? [], text: [text(c.reason), location ?? ''].join(' ').trim(), location };
      items.push(item);
      if (item.day === day) listed.push({ source: 'case', id: Number(c.id), kind: text(c.kind), quality, orderNo: text(c.orderNo) || null, products: item.products, text: text(c.reason), location });
    }
    for (const c of complaints) {
      if (c.category !== 'quality') continue;
      const item: QualityItem = { day: shopDay(new Date(c.createdAt as Date), this.tz), quality: true, products: c.orderId ? (goods.get(Number(c.orderId)) ?? []) : [], text: text(c.description), location: null };
      items.push(item);
      if (item.day === day) listed.push({ source: 'complaint', id: Number(c.id), kind: 'complaint', quality: true, orderNo: text(c.orderNo) || null, products: item.products, text: item.text, location: null });
    }
    const counts = qualityCounts(items, day);

    const todays = complaints.filter((c) => new Date(c.createdAt as Date) >= dayFrom);
    const byCategory: Partial<Record<ComplaintCategory, number>> = {};
    for (const c of todays) {
      const category = COMPLAINT_CATEGORIES.includes(c.category as ComplaintCategory) ? (c.category as ComplaintCategory) : 'other';
      byCategory[category] = (byCategory[category] ?? 0) + 1;
    }

    const ratings = (await db.query(
      `SELECT r.conversation_id AS conversationId, r.score, r.comment, s.display_name AS staff FROM chat_rating r LEFT JOIN staff s ON s.id = r.staff_id
       WHERE r.created_at >= ? AND r.created_at < ? ORDER BY r.created_at, r.id`,
      [dayFrom, end],
    )) as Row[];
    const scores = ratings.map((r) => Number(r.score));

    const kpis = await this.kpis.report({ from: day, to: day });
    return {
      day,
      ...counts,
      cases: listed,
      complaints: {
        count: todays.length,
        byCategory,
        list: todays.map((c) => ({
          id: Number(c.id),
          category: COMPLAINT_CATEGORIES.includes(c.category as ComplaintCategory) ? (c.category as ComplaintCategory) : 'other',
          severity: text(c.severity),
          staff: c.staff === null ? null : text(c.staff),
          description: text(c.description).slice(0, 300),
        })),
      },
      ratings: {
        count: scores.length,
        satisfied: scores.filter((s) => s >= 4).length,
        dissatisfied: scores.filter((s) => s <= 2).length,
        average: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
        low: ratings.filter((r) => Number(r.score) <= 2).map((r) => ({ conversationId: Number(r.conversationId), score: Number(r.score), staff: r.staff === null ? null : text(r.staff), comment: r.comment === null ? null : text(r.comment) })),
      },
      kpis: { team: kpis.team, agents: kpis.agents.filter((a) => a.figures.questions > 0 || a.figures.ratings > 0 || a.figures.pointsLost > 0) },
      unusual: unusualCount(counts),
    };
  }
}
