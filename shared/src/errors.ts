/**
 * Error codes shared by server and client. The server maps each code to an HTTP status
 * in one place (`httpStatusOf`); every error body is `{ error: { code, message, details? } }`.
 */
export const ERROR_CODES = [
  'bad_json',
  'invalid',
  'unauthenticated',
  'forbidden',
  /** A state-changing request or a socket from a page that is not the console (issue 12). */
  'csrf',
  'not_found',
  'conflict',
  'locked',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why, more precisely than the code: `details.reason` of an error, with its parameters
 * beside it in `details` (month, field, balanceFen…). The client words each one in the
 * reader's language (client/src/lib/locales, errors.reasons); a reason added here without
 * a translation fails client/src/lib/error-message.test.ts.
 */
export const ERROR_REASONS = [
  // staff
  'taken',
  'last_supervisor',
  'only_when_disabled',
  'before_employed_from',
  'wage_required',
  // ledger and months
  'note_required',
  'duplicate_entry',
  'unknown_staff',
  'future',
  'month_not_begun',
  'month_not_ended',
  'month_approved',
  'month_submitted',
  'not_settled',
  'already_submitted',
  'proposals_undecided',
  'stale',
  'not_submitted',
  'not_approved',
  'after_payday',
  'has_corrections',
  'fund_spent',
  'fund_balance',
  'already_revoked',
  'not_confirmed',
  'is_correction',
  'appeal_decided',
  // uploaded images (chat, scoring evidence): megabytes, maximum
  'image_too_large',
  'image_empty',
  'image_type',
  'too_many_images',
  // bulk entry and CSV import of ledger entries: count, missing, maximum
  'file_too_large',
  'import_empty',
  'import_header',
  'import_too_many',
  'rows_invalid',
  // login throttling (issue 12): retryAfterSeconds, retryAfterMinutes
  'login_locked',
  'login_slow_account',
  'login_slow_ip',
  // csrf (issue 12)
  'foreign_origin',
  'console_header_missing',
  // requests to the warehouse (issue 9): kind, status
  'request_not_for_status',
  'receiver_missing',
  'wrong_info_not_warehouse',
  // the bank-transfer register (issue 9): status, orderStatus
  'transfer_settled',
  'transfer_order_not_unpaid',
  'transfer_no_proof',
  'transfer_pending',
  // courier recalls, difficult parcels, refunds and disputes (issue 10 part 2)
  'recall_not_shipped',
  'recall_exists',
  'case_open',
  'recall_not_signed',
  'recall_already_signed',
  'recall_already_received',
  'order_recalled',
  'past_day',
  'parcel_not_shipped',
  'parcel_closed',
  'parcel_exists',
  'dispute_not_paid',
  'dispute_exists',
  'dispute_outcome',
  'dispute_closed',
  'dispute_not_refunded',
  'not_aftersale',
  'version_changed',
  'exchange_printed',
  'exchange_not_shipped',
  'exchange_followed_up',
  'no_conversation',
  'exchange_chat_closed',
  'exchange_chat_queued',
  'exchange_chat_not_yours',
  // requests to the warehouse (issue 9): kind, status
  // the bank-transfer register (issue 9): status, orderStatus
  // after-sale registry (issue 10): step, status, kind, item, field
  'case_wrong_kind',
  'case_wrong_state',
  'case_not_received',
  /** A difficult parcel's case ends with the parcel's delivered/returned follow-up (issue 10). */
  'case_parcel_open',
  'case_not_your_step',
  'case_stale',
  'not_this_buyer',
  'already_ticked',
  'quality_location_required',
  'shop_pays_not_quality',
  'photos_required',
  'postage_not_shop_postage',
  'postage_no_amount',
  'postage_not_received',
  'postage_already_refunded',
  // roster, swaps and leave (issue 14, docs/roster.md)
  'roster_published',
  'roster_past_day',
  'roster_other_month',
  'roster_template',
  'roster_role',
  'roster_empty',
  'segments_empty',
  'segment_time',
  'segment_order',
  'swap_self',
  'swap_no_shift',
  'swap_as_leave',
  'swap_double',
  'swap_role',
  'swap_holiday',
  'swap_too_late',
  'swap_after_swap',
  'swap_status',
  'leave_no_shift',
  'leave_not_supervisor',
  'leave_late_shift',
  'leave_holiday',
  'leave_notice',
  'leave_open',
  'leave_status',
  'shift_begun',
  // attendance (issue 14): corrections (签卡) and presence permissions; deadline, max
  'correction_not_due',
  'correction_not_missing',
  'correction_too_late',
  'correction_monthly_limit',
  'correction_claimed_outside',
  'correction_exists',
  'correction_no_shift',
  'request_decided',
  'permission_past',
  // after-sale registry (issue 10): step, status, kind, item, field
  'case_wrong_kind',
  'case_wrong_state',
  'case_not_received',
  'case_not_your_step',
  'case_stale',
  'not_this_buyer',
  'already_ticked',
  'quality_location_required',
  'shop_pays_not_quality',
  'photos_required',
  'postage_not_shop_postage',
  'postage_no_amount',
  'postage_not_received',
  'postage_already_refunded',
  // chat: hand to the supervisor (issue 11)
  'help_pending',
  'help_taken',
  'no_supervisor',
  // complaints (issue 15)
  'complaint_stale',
  'complaint_status',
  'complaint_not_handler',
  'complaint_no_message',
  'complaint_other_buyer',
  'complaint_staff_inactive',
  // quality inspection (质检, issue 15): item, count, inspectionId
  'inspection_exists',
  'inspection_no_agent',
  'inspection_not_draft',
  'inspection_not_published',
  'inspection_incomplete',
  'inspection_converted',
  'inspection_points_range',
  'inspection_mark_kind',
  'inspection_not_applicable',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * What a validation issue (`details.issues[]`, 400 invalid) says is wrong with its field
 * (`path`), with `minimum` / `maximum` where they apply.
 */
export const ISSUE_REASONS = [
  'required',
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'unrecognized_keys',
  'custom',
  'other',
  // text with control or bidi characters (shared/src/schemas/text.ts, issue 12)
  'control_chars',
  'bidi_controls',
] as const;
export type IssueReason = (typeof ISSUE_REASONS)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad_json':
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'csrf':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'locked':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

/** An error a request or a job can end with; carries its code, a message for people, details for tools. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}
