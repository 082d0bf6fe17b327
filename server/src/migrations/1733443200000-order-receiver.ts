import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9, the order itself: the receiver (name, phone, address in four parts), the buyer's
 * message (买家留言), when a parcel came back (returned), and item attributes as two fields
 * (颜色分类, 尺码) instead of one free `sku` text — existing `黑色 38码` values are split.
 */
export class OrderReceiver1733443200000 implements MigrationInterface {
  name = 'OrderReceiver1733443200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE shop_order
      ADD COLUMN receiver_name VARCHAR(40) NULL,
      ADD COLUMN receiver_phone VARCHAR(24) NULL,
      ADD COLUMN receiver_province VARCHAR(20) NULL,
      ADD COLUMN receiver_city VARCHAR(30) NULL,
      ADD COLUMN receiver_district VARCHAR(30) NULL,
      ADD COLUMN receiver_street VARCHAR(200) NULL,
      ADD COLUMN buyer_message VARCHAR(500) NULL,
      ADD COLUMN returned_at DATETIME(3) NULL`);
    await q.query('ALTER TABLE shop_order_item ADD COLUMN colour VARCHAR(30) NULL, ADD COLUMN size VARCHAR(20) NULL');
    // '黑色 38码' → 黑色 / 38; a value without a space stays whole as the colour.
    await q.query(`UPDATE shop_order_item SET
      colour = NULLIF(TRIM(SUBSTRING_INDEX(sku, ' ', 1)), ''),
      size = IF(LOCATE(' ', TRIM(sku)) > 0, NULLIF(REPLACE(TRIM(SUBSTRING_INDEX(TRIM(sku), ' ', -1)), '码', ''), ''), NULL)
      WHERE sku IS NOT NULL`);
    await q.query('ALTER TABLE shop_order_item DROP COLUMN sku');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE shop_order_item ADD COLUMN sku VARCHAR(60) NULL');
    await q.query(`UPDATE shop_order_item SET sku = NULLIF(TRIM(CONCAT(COALESCE(colour, ''), ' ', COALESCE(CONCAT(size, '码'), ''))), '')`);
    await q.query('ALTER TABLE shop_order_item DROP COLUMN colour, DROP COLUMN size');
    await q.query(`ALTER TABLE shop_order DROP COLUMN receiver_name, DROP COLUMN receiver_phone, DROP COLUMN receiver_province, DROP COLUMN receiver_city,
      DROP COLUMN receiver_district, DROP COLUMN receiver_street, DROP COLUMN buyer_message, DROP COLUMN returned_at`);
  }
}
