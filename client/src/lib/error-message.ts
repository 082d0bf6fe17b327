/**
 * Why a request failed, in the reader's language: a title from the error code, and a
 * sentence from `details.reason` (with its parameters) or from the validation issues
 * (field + what is wrong). The server's own English sentence is shown only to English
 * readers, and only when nothing better is known: it never reaches a Chinese screen.
 */
import { ERROR_REASONS, ISSUE_REASONS, type ErrorReason, type IssueReason } from '@kefu/shared/errors';
import type { TFunction } from 'i18next';
import { formatFen } from './money.ts';

export interface DescribedError {
  title: string;
  detail: string;
}

interface Issue {
  path: string;
  reason?: string;
  minimum?: number;
  maximum?: number;
  unit?: string;
}

type Details = Record<string, unknown> & { reason?: unknown; issues?: unknown; field?: unknown };

function isReason(value: unknown): value is ErrorReason {
  return (ERROR_REASONS as readonly unknown[]).includes(value);
}

function isIssueReason(value: unknown): value is IssueReason {
  return (ISSUE_REASONS as readonly unknown[]).includes(value);
}

const FIELD_LABELS = [
  'username',
  'displayName',
  'password',
  'roles',
  'baseWageFen',
  'active',
  'employedFrom',
  'employedUntil',
  'staffId',
  'rule',
  'occurredAt',
  'points',
  'amountFen',
  'evidence',
  'note',
  'reason',
  'text',
  'purpose',
  'month',
  'decision',
  'ids',
  'title',
  'sku',
  'courier',
  'request',
  'reply',
  'from',
  'to',
  'comment',
  'answer',
  'description',
  'investigation',
  'resolution',
  'reviewText',
  'name',
  'detail',
  'wrongInfo',
  'payer',
  'transferredAt',
  'proof',
  'kind',
  'courierName',
  'orderNo',
  'nextFollowUpOn',
  'deadlineAt',
  'agentId',
  'outcome',
  'recovery',
  'refundHours',
  'disputeHours',
  'conversationId',
  'qualityLocation',
  'returnPostagePayer',
  'resendPostagePayer',
  'wantedColor',
  'wantedSize',
  'postageAdvancedFen',
  'photoIds',
  'imageIds',
  'messageId',
  'trackingNo',
  'result',
  'cardPresent',
  'item',
  // roster (issue 14)
  'segments',
  'nameZh',
  'nameEn',
  'cells',
  'duty',
  'day',
  'supervisorId',
  'requesterDay',
  'colleagueId',
  'colleagueDay',
  'approve',
  'version',
  // attendance (issue 14)
  'claimedAt',
  'until',
  // complaints (issue 15)
  'buyerId',
  'handlerId',
  'toStaffId',
  'messageSeqs',
  'severity',
  'category',
  'source',
  'reviewLink',
  'urgent',
  'high',
  'normal',
  'low',
] as const;

/** A field's name for people: the top of the path (`roles.0` → roles), worded; else the path itself. */
export function fieldLabel(path: string, t: TFunction): string {
  const top = path.split('.')[0] ?? path;
  return (FIELD_LABELS as readonly string[]).includes(top) ? t(`errors.fields.${top as (typeof FIELD_LABELS)[number]}`) : path;
}

function issueSentence(issue: Issue, t: TFunction): string {
  const reason: IssueReason = isIssueReason(issue.reason) ? issue.reason : 'other';
  const field = fieldLabel(issue.path, t);
  if ((reason === 'too_big' || reason === 'too_small') && issue.unit === 'chars') {
    return t(`errors.issues.${reason}Chars`, { field, count: reason === 'too_big' ? issue.maximum : issue.minimum });
  }
  return t(`errors.issues.${reason}`, { field, minimum: issue.minimum, maximum: issue.maximum });
}

function i18nHas(t: TFunction, key: string): boolean {
  return t(key as 'orders.status.paid', { defaultValue: '' }) !== '';
}

/** The parameters a reason's sentence may use, money turned into yuan. */
function params(details: Details, t: TFunction): Record<string, unknown> {
  const out: Record<string, unknown> = { ...details };
  if (typeof details.balanceFen === 'number') out.balance = formatFen(details.balanceFen);
  if (typeof details.field === 'string') out.fieldName = fieldLabel(details.field, t);
  // An order's status is worded, never shown as the server's word (request_not_for_status, transfer_order_not_unpaid).
  for (const key of ['status', 'orderStatus'] as const) {
    const value = details[key];
    if (typeof value === 'string' && i18nHas(t, `orders.status.${value}`)) out[key] = t(`orders.status.${value}` as 'orders.status.paid');
  }
  return out;
}

export function describeError(code: string, message: string, details: unknown, t: TFunction, language: string): DescribedError {
  const title = t(`errors.${code}` as 'errors.internal');
  const d = (typeof details === 'object' && details !== null ? details : {}) as Details;
  if (isReason(d.reason)) return { title, detail: t(`errors.reasons.${d.reason}`, params(d, t)) };
  if (Array.isArray(d.issues) && d.issues.length > 0) {
    return { title, detail: (d.issues as Issue[]).map((issue) => issueSentence(issue, t)).join(t('errors.listSeparator')) };
  }
  if (typeof d.field === 'string' && code === 'invalid') return { title, detail: t('errors.issues.other', { field: fieldLabel(d.field, t) }) };
  return { title, detail: language === 'en' ? message : '' };
}

/**
 * A bulk entry's or an import's refused rows (details.rows of reason 'rows_invalid'), one
 * sentence per row in the reader's language: "第 3 行：找不到该员工".
 */
export function describeRowProblems(details: unknown, t: TFunction): string[] {
  const rows = (typeof details === 'object' && details !== null ? (details as Details).rows : undefined) as unknown;
  if (!Array.isArray(rows)) return [];
  return rows.map((row: Details & { line?: unknown }) => {
    const text = isReason(row.reason)
      ? t(`errors.reasons.${row.reason}`, params(row, t))
      : Array.isArray(row.issues) && row.issues.length > 0
        ? (row.issues as Issue[]).map((issue) => issueSentence(issue, t)).join(t('errors.listSeparator'))
        : t('errors.issues.other', { field: '' });
    return t('errors.rowLine', { line: row.line, text });
  });
}
