/** A case as the API answers it: who-columns with names, instants as ISO strings. */
import type { AfterSaleCase } from '@kefu/shared/schemas/aftersale';
import type { CaseRecord } from './aftersale.repository.ts';

const signed = (id: number | null, name: string | null, at: Date | null) => (id === null || at === null ? null : { by: { id, displayName: name ?? `#${id}` }, at: at.toISOString() });

export function presentCase(record: CaseRecord): AfterSaleCase {
  return {
    id: record.id,
    orderNo: record.orderNo,
    buyerId: record.buyerId,
    kind: record.kind,
    status: record.status,
    reason: record.reason,
    openedBy: { id: record.openedBy, displayName: record.openedByName },
    openedAt: record.openedAt.toISOString(),
    closedBy: record.closedBy === null ? null : { id: record.closedBy, displayName: record.closedByName ?? `#${record.closedBy}` },
    closedAt: record.closedAt ? record.closedAt.toISOString() : null,
    closeNote: record.closeNote,
    version: record.version,
    conversationId: record.conversationId,
    quality: record.quality,
    qualityLocation: record.qualityLocation,
    liningInsole: record.liningInsole,
    returnPostagePayer: record.returnPostagePayer,
    resendPostagePayer: record.resendPostagePayer,
    returnCourier: record.returnCourier,
    returnTrackingNo: record.returnTrackingNo,
    returnTrackingMessageId: record.returnTrackingMessageId,
    returnTrackingEntered: signed(record.returnTrackingEnteredBy, record.returnTrackingEnteredByName, record.returnTrackingEnteredAt),
    wantedColor: record.wantedColor,
    wantedSize: record.wantedSize,
    postageAdvancedFen: record.postageAdvancedFen,
    postageRefunded: signed(record.postageRefundedBy, record.postageRefundedByName, record.postageRefundedAt),
    received: signed(record.receivedBy, record.receivedByName, record.receivedAt),
    inspectionResult: record.inspectionResult,
    inspectionNote: record.inspectionNote,
    cardPresent: record.cardPresent,
    refunded: signed(record.refundedBy, record.refundedByName, record.refundedAt),
    exchangeCourier: record.exchangeCourier,
    exchangeTrackingNo: record.exchangeTrackingNo,
    exchangeShipped: signed(record.exchangeShippedBy, record.exchangeShippedByName, record.exchangeShippedAt),
    rejectedReason: record.rejectedReason,
    earlyShipApproved:
      record.earlyShipApprovedBy === null || record.earlyShipApprovedAt === null
        ? null
        : { by: { id: record.earlyShipApprovedBy, displayName: record.earlyShipApprovedByName ?? '' }, at: record.earlyShipApprovedAt.toISOString(), reason: record.earlyShipReason ?? '' },
  };
}
