/** The month lock's refusals, shared by the ledger, the months and the settlement. */
import { AppError } from '@kefu/shared/errors';
import type { ScoringMonthRow } from './scoring.entity.ts';

/** Why a month refuses `action`: approved (final) or submitted (awaiting the manager); null when open. */
export function monthLockedMessage(month: string, status: string, action: string): string | null {
  if (status === 'approved') return `Month ${month} is approved and locked: ${action} is no longer possible`;
  if (status === 'submitted') return `Month ${month} is submitted for approval: ${action} must wait until the manager returns it`;
  return null;
}

/** 409 'locked' when the month's figures are final (approved) or awaiting the manager (submitted). */
export function assertMonthOpen(month: Pick<ScoringMonthRow, 'month' | 'status'>, action: string): void {
  const message = monthLockedMessage(month.month, month.status, action);
  if (message) throw new AppError('locked', message, { month: month.month, status: month.status, reason: month.status === 'approved' ? 'month_approved' : 'month_submitted' });
}
