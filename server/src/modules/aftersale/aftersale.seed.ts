/**
 * Demo cases of the after-sale registry for `npm start` (docs/aftersale.md "Try it"), on the
 * demo orders' open cases, each at a different step with its story:
 * - 王姐 (3921550016882004): a quality case, where on the shoe known; photos and postage to agree in chat;
 * - 跑跑 (3921550016882201): an exchange to 棕色 39, its return on the way (ZT6612345678): the warehouse can sign it;
 * - 米粒 (3921550016882202): a return inspected by the warehouse, waiting for after-sale to refund.
 * Run right after the demo orders were seeded (an empty registry), never in tests.
 */
import type { DataSource } from 'typeorm';

const HOUR = 3_600_000;

export async function seedDemoCases(db: DataSource, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const staff = new Map(((await tx.query(`SELECT id, username FROM staff WHERE username IN ('aftersale1', 'warehouse1')`)) as Array<{ id: number; username: string }>).map((s) => [s.username, Number(s.id)]));
    const agent = staff.get('aftersale1');
    const warehouse = staff.get('warehouse1');
    if (!agent || !warehouse) return;
    const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
    const caseOf = async (orderNo: string) => Number(((await tx.query('SELECT id FROM after_sale_case WHERE order_no = ?', [orderNo])) as Array<{ id: number }>)[0]?.id ?? 0);
    const event = (caseId: number, what: string, by: number, at: Date, payload: unknown = null) =>
      tx.query('INSERT INTO after_sale_case_event (case_id, what, by_staff_id, at, payload) VALUES (?, ?, ?, ?, ?)', [caseId, what, by, at, payload === null ? null : JSON.stringify(payload)]);

    const quality = await caseOf('3921550016882004');
    if (quality) {
      await tx.query(`UPDATE after_sale_case SET kind = 'quality', quality = 1, quality_location = '右脚鞋跟与鞋底接缝处开胶约2厘米', opened_by = ?, opened_at = ?, resend_postage_payer = 'shop' WHERE id = ?`, [agent, ago(24), quality]);
      await event(quality, 'opened', agent, ago(24), { kind: 'quality', reason: '右脚鞋跟处开胶，买家已发照片' });
    }
    const exchange = await caseOf('3921550016882201');
    if (exchange) {
      await tx.query(
        `UPDATE after_sale_case SET status = 'awaiting_return', opened_by = ?, opened_at = ?, return_postage_payer = 'buyer', resend_postage_payer = 'shop',
           wanted_color = '棕色', wanted_size = '39', return_courier = '中通快递', return_tracking_no = 'ZT6612345678', return_tracking_entered_at = ?, return_tracking_entered_by = ?, version = 2 WHERE id = ?`,
        [agent, ago(50), ago(26), agent, exchange],
      );
      await event(exchange, 'opened', agent, ago(50), { kind: 'exchange', reason: '偏小，想换大一码' });
      await event(exchange, 'return_sent', agent, ago(26), { courier: '中通快递', trackingNo: 'ZT6612345678' });
    }
    const returned = await caseOf('3921550016882202');
    if (returned) {
      await tx.query(
        `UPDATE after_sale_case SET status = 'received', opened_by = ?, opened_at = ?, return_postage_payer = 'buyer', return_courier = '韵达快递', return_tracking_no = 'YD8800776655',
           return_tracking_entered_at = ?, return_tracking_entered_by = ?, received_at = ?, received_by = ?, inspection_result = 'passed', inspection_note = '鞋盒完好，可二次销售', card_present = 1, version = 3 WHERE id = ?`,
        [agent, ago(120), ago(96), agent, ago(3), warehouse, returned],
      );
      await event(returned, 'opened', agent, ago(120), { kind: 'return', reason: '颜色和图片不一样，不想要了' });
      await event(returned, 'return_sent', agent, ago(96), { courier: '韵达快递', trackingNo: 'YD8800776655' });
      await event(returned, 'received', warehouse, ago(3), { result: 'passed', note: '鞋盒完好，可二次销售', cardPresent: true });
    }
  });
}
