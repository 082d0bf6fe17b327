/**
 * Demo after-sale history for the daily quality report (docs/quality-report.md "Try it"):
 * closed cases on orders of their own over the last weeks, and yesterday three heel-glue
 * quality returns of the same white sneaker (unusual: more than twice its 30-day mean and at
 * least 3) and a size exchange, so the report the workers build at `npm start` says
 * something. Run right after the demo orders were seeded, never in tests.
 */
import type { DataSource } from 'typeorm';
import { addDays, dayStart, shopDay } from '@kefu/shared/domain/kpis/days';

const HOUR = 3_600_000;

export async function seedDemoQualityHistory(db: DataSource, now: Date, tz: string): Promise<void> {
  await db.transaction(async (tx) => {
    const staff = new Map(((await tx.query(`SELECT id, username FROM staff WHERE username IN ('aftersale1', 'supervisor')`)) as Array<{ id: number; username: string }>).map((s) => [s.username, Number(s.id)]));
    const agent = staff.get('aftersale1');
    const supervisor = staff.get('supervisor');
    if (!agent || !supervisor) return;
    const today = shopDay(now, tz);
    const at = (daysAgo: number, hour: number) => new Date(dayStart(addDays(today, -daysAgo), tz).getTime() + hour * HOUR);
    let n = 0;
    const history: Array<[number, number, string, string, string, string, string, string | null]> = [
      // days ago, hour, title, colour, size, kind, reason, quality location
      [1, 9, '百搭小白鞋女款', '白色', '37', 'quality', '穿了三天鞋跟开胶', '右脚鞋跟与鞋底接缝处开胶'],
      [1, 11, '百搭小白鞋女款', '白色', '38', 'quality', '后跟开胶，买家已发照片', '左脚后跟开胶约1厘米'],
      [1, 15, '百搭小白鞋女款', '白色', '37', 'quality', '鞋跟脱胶', '鞋跟'],
      [1, 16, '复古帆布鞋', '黑色', '40', 'exchange', '偏小，想换大一码', null],
      [3, 10, '百搭小白鞋女款', '白色', '36', 'quality', '鞋面开线', '右脚鞋面侧边开线'],
      [5, 14, '复古帆布鞋', '黑色', '39', 'return', '颜色和图片不一样，不想要了', null],
      [9, 10, '轻便跑步鞋', '灰色', '42', 'return', '偏大', null],
      [12, 17, '百搭小白鞋女款', '白色', '37', 'quality', '鞋头开胶', '左脚鞋头'],
      [20, 13, '轻便跑步鞋', '灰色', '41', 'exchange', '尺码不合适', null],
    ];
    for (const [daysAgo, hour, title, colour, size, kind, reason, location] of history) {
      const opened = at(daysAgo, hour);
      const paid = new Date(opened.getTime() - 4 * 24 * HOUR);
      const orderNo = `39215500169${String(++n).padStart(5, '0')}`;
      const order = (await tx.query(
        "INSERT INTO shop_order (order_no, buyer_id, status, total_fen, placed_at, paid_at, created_by, created_at, updated_at, version) VALUES (?, ?, 'paid', 15900, ?, ?, ?, ?, ?, 1)",
        [orderNo, `demo-qr-${n}`, paid, paid, supervisor, paid, paid],
      )) as { insertId: number };
      await tx.query('INSERT INTO shop_order_item (order_id, line_no, title, colour, size, quantity, price_fen, in_stock) VALUES (?, 1, ?, ?, ?, 1, 15900, 1)', [order.insertId, title, colour, size]);
      await tx.query(
        "INSERT INTO after_sale_case (order_id, order_no, buyer_id, kind, status, reason, opened_by, opened_at, closed_by, closed_at, version, quality, quality_location) VALUES (?, ?, ?, ?, 'closed', ?, ?, ?, ?, ?, 1, ?, ?)",
        [order.insertId, orderNo, `demo-qr-${n}`, kind, reason, agent, opened, agent, new Date(opened.getTime() + 2 * HOUR), location ? 1 : 0, location],
      );
    }
  });
}
