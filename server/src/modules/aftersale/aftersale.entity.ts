import { EntitySchema } from 'typeorm';
import type { CaseKind, CaseStatus, InspectionResult } from '@kefu/shared/domain/aftersale/cases';
import type { PostagePayer } from '@kefu/shared/domain/aftersale/postage';
import { instant } from '../../platform/columns.ts';

/** A case of the after-sale registry (售后登记表, docs/aftersale.md); closed or rejected, never deleted. */
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
  conversationId: number | null;
  quality: boolean;
  qualityLocation: string | null;
  liningInsole: boolean;
  returnPostagePayer: PostagePayer | null;
  resendPostagePayer: PostagePayer | null;
  returnCourier: string | null;
  returnTrackingNo: string | null;
  returnTrackingMessageId: number | null;
  returnTrackingEnteredAt: Date | null;
  returnTrackingEnteredBy: number | null;
  wantedColor: string | null;
  wantedSize: string | null;
  postageAdvancedFen: number | null;
  postageRefundedAt: Date | null;
  postageRefundedBy: number | null;
  receivedAt: Date | null;
  receivedBy: number | null;
  inspectionResult: InspectionResult | null;
  inspectionNote: string | null;
  cardPresent: boolean | null;
  refundedAt: Date | null;
  refundedBy: number | null;
  exchangeCourier: string | null;
  exchangeTrackingNo: string | null;
  exchangeShippedAt: Date | null;
  exchangeShippedBy: number | null;
  rejectedReason: string | null;
  earlyShipApprovedBy: number | null;
  earlyShipApprovedAt: Date | null;
  earlyShipReason: string | null;
}

const staffRef = (name: string) => ({ name, type: 'int' as const, nullable: true });
const text = (name: string, length: number) => ({ name, type: 'varchar' as const, length, nullable: true });
const flag = (name: string) => ({ name, type: 'tinyint' as const, default: 0, transformer: { to: (v: boolean) => (v ? 1 : 0), from: (v: number) => Boolean(v) } });

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
    closedBy: staffRef('closed_by'),
    closedAt: instant('closed_at', { nullable: true }),
    closeNote: text('close_note', 500),
    version: { type: 'int', default: 1 },
    conversationId: { name: 'conversation_id', type: 'int', nullable: true },
    quality: flag('quality'),
    qualityLocation: text('quality_location', 200),
    liningInsole: flag('lining_insole'),
    returnPostagePayer: text('return_postage_payer', 8),
    resendPostagePayer: text('resend_postage_payer', 8),
    returnCourier: text('return_courier', 40),
    returnTrackingNo: text('return_tracking_no', 40),
    returnTrackingMessageId: { name: 'return_tracking_message_id', type: 'bigint', nullable: true },
    returnTrackingEnteredAt: instant('return_tracking_entered_at', { nullable: true }),
    returnTrackingEnteredBy: staffRef('return_tracking_entered_by'),
    wantedColor: text('wanted_color', 40),
    wantedSize: text('wanted_size', 20),
    postageAdvancedFen: { name: 'postage_advanced_fen', type: 'int', nullable: true },
    postageRefundedAt: instant('postage_refunded_at', { nullable: true }),
    postageRefundedBy: staffRef('postage_refunded_by'),
    receivedAt: instant('received_at', { nullable: true }),
    receivedBy: staffRef('received_by'),
    inspectionResult: text('inspection_result', 16),
    inspectionNote: text('inspection_note', 500),
    cardPresent: { name: 'card_present', type: 'tinyint', nullable: true },
    refundedAt: instant('refunded_at', { nullable: true }),
    refundedBy: staffRef('refunded_by'),
    exchangeCourier: text('exchange_courier', 40),
    exchangeTrackingNo: text('exchange_tracking_no', 40),
    exchangeShippedAt: instant('exchange_shipped_at', { nullable: true }),
    exchangeShippedBy: staffRef('exchange_shipped_by'),
    rejectedReason: text('rejected_reason', 500),
    earlyShipApprovedBy: staffRef('early_ship_approved_by'),
    earlyShipApprovedAt: instant('early_ship_approved_at', { nullable: true }),
    earlyShipReason: text('early_ship_reason', 500),
  },
});

export interface CasePhotoRow {
  caseId: number;
  imageId: string;
  addedBy: number;
  addedAt: Date;
}

export const CasePhotoEntity = new EntitySchema<CasePhotoRow>({
  name: 'AfterSaleCasePhoto',
  tableName: 'after_sale_case_photo',
  columns: {
    caseId: { name: 'case_id', type: 'int', primary: true },
    imageId: { name: 'image_id', type: 'varchar', length: 40, primary: true },
    addedBy: { name: 'added_by', type: 'int' },
    addedAt: instant('added_at'),
  },
});

export interface CaseTickRow {
  caseId: number;
  item: string;
  messageId: number;
  tickedBy: number;
  tickedAt: Date;
}

export const CaseTickEntity = new EntitySchema<CaseTickRow>({
  name: 'AfterSaleCaseTick',
  tableName: 'after_sale_case_tick',
  columns: {
    caseId: { name: 'case_id', type: 'int', primary: true },
    item: { type: 'varchar', length: 16, primary: true },
    messageId: { name: 'message_id', type: 'bigint' },
    tickedBy: { name: 'ticked_by', type: 'int' },
    tickedAt: instant('ticked_at'),
  },
});

export interface CaseEventRow {
  id: number;
  caseId: number;
  what: string;
  byStaffId: number;
  at: Date;
  payload: string | null;
}

export const CaseEventEntity = new EntitySchema<CaseEventRow>({
  name: 'AfterSaleCaseEvent',
  tableName: 'after_sale_case_event',
  columns: {
    id: { type: 'int', primary: true, generated: 'increment' },
    caseId: { name: 'case_id', type: 'int' },
    what: { type: 'varchar', length: 24 },
    byStaffId: { name: 'by_staff_id', type: 'int' },
    at: instant('at'),
    payload: { type: 'text', nullable: true },
  },
});

export const aftersaleEntities = [CaseEntity, CasePhotoEntity, CaseTickEntity, CaseEventEntity];
