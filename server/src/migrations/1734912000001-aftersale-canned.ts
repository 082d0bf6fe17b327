import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: after-sale gets its own group of canned replies (the steps `as_*`, shared
 * schemas/chat.ts AFTERSALE_CANNED_STEPS), worded from the rulebook's 售后 ④ and ⑥: goods and
 * box undamaged (A05), prepay the return and no cash on delivery (A06), the after-sale card
 * (A07), the postage rule, the exchange's tracking number. The supervisor edits them like the
 * pre-sale ones. No DDL: the step column takes the new names (VARCHAR(16)).
 */
export const AFTERSALE_REPLIES: ReadonlyArray<[string, string, string]> = [
  ['as_condition', '完好无损才退换', '亲，退换货请一定确保鞋子完好无损，鞋盒包装完整，并且不影响第二次销售的情况下，我们才接受退换货哦。'],
  ['as_prepay', '先垫付运费', '亲，请您先垫付退回的运费，不要发到付件哦。'],
  ['as_card', '填写售后服务卡', '亲，请务必填好售后服务卡或者在包裹里放纸条，写上ID、联系方式、退换原因以及要更换的商品信息，与商品一起退回，退货寄出后请告知我们退货快递单号。'],
  ['as_postage', '运费规则', '亲，质量问题由我们承担来回运费，请您先垫付退回的运费，我们收到退货后将运费返还到您的支付宝；非质量问题由您承担退回的单程运费。'],
  ['as_exchange_no', '换货单号', '亲，您的换货已发出，单号为：（单号），请注意查收。'],
];

export class AftersaleCanned1734912000001 implements MigrationInterface {
  name = 'AftersaleCanned1734912000001';

  async up(q: QueryRunner): Promise<void> {
    for (const [step, title, body] of AFTERSALE_REPLIES) {
      await q.query('INSERT INTO chat_canned_reply (step, title, body, position, version, updated_at) VALUES (?, ?, ?, 0, 1, UTC_TIMESTAMP(3))', [step, title, body]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM chat_canned_reply WHERE step LIKE 'as\\_%'");
  }
}
