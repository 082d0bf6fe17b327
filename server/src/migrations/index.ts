import { Foundation1732406400000 } from './1732406400000-foundation.ts';
import { Scoring1733011200000 } from './1733011200000-scoring.ts';
import { Chat1733097600000 } from './1733097600000-chat.ts';
import { Orders1733184000000 } from './1733184000000-orders.ts';
import { SettlementAttempts1733356800000 } from './1733356800000-settlement-attempts.ts';
import { OrderReceiver1733443200000 } from './1733443200000-order-receiver.ts';
import { OrderNotesChangesAlerts1733443200001 } from './1733443200001-order-notes-changes-alerts.ts';
import { ImportPrint1733529600000 } from './1733529600000-import-print.ts';
import { ChatIdentity1733616000000 } from './1733616000000-chat-identity.ts';
import { ChatHandover1733616000001 } from './1733616000001-chat-handover.ts';
import { ScoringCalendar1733702400000 } from './1733702400000-scoring-calendar.ts';
import { Quality1733788800000 } from './1733788800000-quality.ts';
import { Complaints1733788800001 } from './1733788800001-complaints.ts';
import { AftersaleRegistry1733875200000 } from './1733875200000-aftersale-registry.ts';
import { RecallDisputes1733961600000 } from './1733961600000-recall-disputes.ts';
import { ExchangeShipments1733961600001 } from './1733961600001-exchange-shipments.ts';
import { Roster1734048000000 } from './1734048000000-roster.ts';
import { Attendance1734134400000 } from './1734134400000-attendance.ts';
import { ChatSearch1734220800000 } from './1734220800000-chat-search.ts';
import { ChatHelp1734220800001 } from './1734220800001-chat-help.ts';
import { WarehouseRequests1734393600000 } from './1734393600000-warehouse-requests.ts';
import { BankTransfers1734393600001 } from './1734393600001-bank-transfers.ts';
import { LedgerImages1734480000000 } from './1734480000000-ledger-images.ts';
import { ComplaintMessages1734652800000 } from './1734652800000-complaint-messages.ts';
import { Inspection1734739200000 } from './1734739200000-inspection.ts';
import { KpiRollup1734825600000 } from './1734825600000-kpi-rollup.ts';
import { A01Evidence1734912000000 } from './1734912000000-a01-evidence.ts';
import { AftersaleCanned1734912000001 } from './1734912000001-aftersale-canned.ts';
import { ChatOrderMentions1734998400000 } from './1734998400000-chat-order-mentions.ts';
import { DifficultCases1735516800000 } from './1735516800000-difficult-cases.ts';
import { ShiftTimes1735257600000 } from './1735257600000-shift-times.ts';
import { ExchangeFollowUpReminder1735430400000 } from './1735430400000-exchange-follow-up-reminder.ts';
import { TrackingLookup1735689600000 } from './1735689600000-tracking-lookup.ts';
import { KpiEnquiry1735776000000 } from './1735776000000-kpi-enquiry.ts';
import { ChatMessageHours1735862400000 } from './1735862400000-chat-message-hours.ts';
import { ChatSearchWords1735603200000 } from './1735603200000-chat-search-words.ts';

/** Every migration, in order. Listed by hand so tsx, vitest and a bundle all find them. */
export const migrations = [
  Foundation1732406400000,
  Scoring1733011200000,
  Chat1733097600000,
  Orders1733184000000,
  SettlementAttempts1733356800000,
  OrderReceiver1733443200000,
  OrderNotesChangesAlerts1733443200001,
  ImportPrint1733529600000,
  ChatIdentity1733616000000,
  ChatHandover1733616000001,
  ScoringCalendar1733702400000,
  Quality1733788800000,
  Complaints1733788800001,
  AftersaleRegistry1733875200000,
  RecallDisputes1733961600000,
  ExchangeShipments1733961600001,
  Roster1734048000000,
  Attendance1734134400000,
  ChatSearch1734220800000,
  ChatHelp1734220800001,
  WarehouseRequests1734393600000,
  BankTransfers1734393600001,
  LedgerImages1734480000000,
  ComplaintMessages1734652800000,
  Inspection1734739200000,
  KpiRollup1734825600000,
  A01Evidence1734912000000,
  AftersaleCanned1734912000001,
  ChatOrderMentions1734998400000,
  ShiftTimes1735257600000,
  ExchangeFollowUpReminder1735430400000,
  DifficultCases1735516800000,
  ChatSearchWords1735603200000,
  TrackingLookup1735689600000,
  KpiEnquiry1735776000000,
  ChatMessageHours1735862400000,
];
