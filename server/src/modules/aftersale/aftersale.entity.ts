import { EntitySchema } from 'typeorm';
import type { CaseKind, CaseStatus } from '@kefu/shared/domain/aftersale/cases';
import { instant } from '../../platform/columns.ts';

/** An after-sale case on an order (docs/orders.md); closed, never deleted. */
export interface CaseRow {
  id: number;
  orderId: number;
  orderNo: string;
  buyerId: string;
  kind: CaseKind;
  status: CaseStatus;
  reason: string;
  openedBy: number;
  openedAt: Date;
  closedBy: number | null;
  closedAt: Date | null;
  closeNote: string | null;
  version: number;
}


export const CaseEntity = new EntitySchema<CaseRow>({
  name: 'AfterSaleCase',
  tableName: 'after_sale_case',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    orderId: { name: 'order_id', type: 'int' },
    orderNo: { name: 'order_no', type: 'varchar', length: 32 },
    buyerId: { name: 'buyer_id', type: 'varchar', length: 64 },
    kind: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    reason: { type: 'varchar', length: 500 },
    openedBy: { name: 'opened_by', type: 'int' },
    openedAt: instant('opened_at'),
    closedBy: { name: 'closed_by', type: 'int', nullable: true },
    closedAt: instant('closed_at', { nullable: true }),
    closeNote: { name: 'close_note', type: 'varchar', length: 500, nullable: true },
    version: { type: 'int', default: 1 },
  },
});

export const aftersaleEntities = [CaseEntity];
