/**
 * Courier recall slips (快件退回单, domain.md "Courier recall", 打单 ⑤⑥) and difficult
 * parcels (疑难件): who does what, the slip's number, the registry line the printer signs.
 * Pure: the clock and the shop's zone are passed in.
 */
import type { Role } from '../staff/roles.ts';
import { noteDate } from '../orders/notes.ts';
import { shopDay } from '../orders/print/label.ts';

/**
 * issued: printed, waiting for the courier; signed: the courier signed part 1 (the printer
 * keeps it) and took part 2; received: the parcel is back, signed for by the printer.
 */
export const SLIP_STATUSES = ['issued', 'signed', 'received'] as const;
export type SlipStatus = (typeof SLIP_STATUSES)[number];

/** After-sale asks the courier to recall and makes the slip; the supervisor may too. */
export const RECALL_WRITERS: readonly Role[] = ['supervisor', 'aftersale'];
/** The printer holds part 1, records the courier's signature and signs for the parcel. */
export const RECALL_SIGNERS: readonly Role[] = ['supervisor', 'printer'];
export const RECALL_READERS: readonly Role[] = ['supervisor', 'aftersale', 'printer'];

/** `TH20261129-007`: the shop's day and that day's sequence, from 1 (race-safe counter per day). */
export function slipNumber(day: string, seq: number): string {
  return `TH${day.replaceAll('-', '')}-${String(seq).padStart(3, '0')}`;
}

/** The shop's day a slip made at `at` is numbered in. */
export function slipDay(at: Date, tz: string): string {
  return shopDay(at, tz);
}

/** `原包裹已收到 孙磊 2026.11.29`: what the printer signs in the registry when the parcel is back. */
export function receivedLine(printerName: string, at: Date, tz: string): string {
  return `原包裹已收到 ${printerName} ${noteDate(at, tz)}`;
}

export type SlipRefusal = 'not_shipped' | 'already_recalled' | 'not_signed' | 'already_signed' | 'already_received';

/** What may happen next to a slip; null when it may, else why not. */
export function slipStepRefusal(status: SlipStatus, step: 'sign' | 'receive'): SlipRefusal | null {
  if (status === 'received') return 'already_received';
  if (step === 'sign') return status === 'issued' ? null : 'already_signed';
  // The courier hands the parcel back in exchange for the signed part 1: no signature, no receipt.
  return status === 'signed' ? null : 'not_signed';
}

/** 转寄 (forwarded to another address), 丢失 (lost), 重发 (sent again). */
export const PARCEL_KINDS = ['forwarded', 'lost', 'resent'] as const;
export type ParcelKind = (typeof PARCEL_KINDS)[number];
/** Followed until the parcel is delivered or comes back. */
export const PARCEL_STATUSES = ['open', 'delivered', 'returned'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];
export const PARCEL_WRITERS: readonly Role[] = ['supervisor', 'aftersale'];
export const PARCEL_READERS: readonly Role[] = ['supervisor', 'aftersale', 'printer'];

/** Is a difficult parcel's next follow-up due on `today` (a shop day, YYYY-MM-DD)? */
export function followUpDue(parcel: { status: ParcelStatus; nextFollowUpOn: string | null }, today: string): boolean {
  return parcel.status === 'open' && parcel.nextFollowUpOn !== null && parcel.nextFollowUpOn <= today;
}
