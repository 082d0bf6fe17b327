import { ApiError } from '../../lib/api.ts';

/** Why the server refused a batch (409 `details.refused`), for the page to say in the reader's language. */
export interface Refusal {
  orderNo: string;
  /** 'status': the order is in a state that is not printed; anything else: an alert or change holds it. */
  reason: string;
  status?: string;
}

export function refusalsOf(error: unknown): Refusal[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const refused = (error.details as { refused?: unknown } | undefined)?.refused;
  if (!Array.isArray(refused)) return [];
  return refused.filter((r): r is Refusal => typeof r === 'object' && r !== null && typeof (r as Refusal).orderNo === 'string' && typeof (r as Refusal).reason === 'string');
}
