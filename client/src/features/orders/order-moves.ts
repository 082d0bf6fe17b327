/**
 * Which move buttons a person sees on an order, and what each move sends. The rules are the
 * shared ones (nextStatuses, mayMove); this only orders them for the screen and says which
 * need more than a click: shipping needs the courier and the tracking number, a cancellation
 * a note saying why. Pure.
 */
import { mayMove, nextStatuses, type OrderStatus } from '@kefu/shared/domain/orders/status';
import type { Role } from '@kefu/shared/domain/staff/roles';
import { TrackingNo, type OrderMove } from '@kefu/shared/schemas/orders';

/** Nothing moves an order back to unpaid (rolesForMove gives nobody that move). */
export type MoveTarget = Exclude<OrderStatus, 'unpaid'>;
/** A packed parcel fetched back for a change is printed again: that move has its own words. */
export type MoveLabel = MoveTarget | 'reprint';
export type MoveNeeds = 'shipping' | 'note' | null;

export interface MoveAction {
  to: MoveTarget;
  label: MoveLabel;
  needs: MoveNeeds;
  /** Shown as a warning button (it ends the order, or sends it backwards). */
  danger: boolean;
}

/**
 * The moves `roles` may make from `from`, forward ones first and the cancellation last. A
 * recalled parcel (快件退回) comes back to the shop: it offers no "delivered".
 */
export function moveActions(roles: readonly Role[], from: OrderStatus, options: { recalled?: boolean } = {}): MoveAction[] {
  const rank = (to: MoveTarget) => (to === 'cancelled' ? 2 : (from === 'packed' && to === 'printed') || to === 'returned' ? 1 : 0);
  return nextStatuses(from)
    .filter((to): to is MoveTarget => to !== 'unpaid' && mayMove(roles, from, to) && !(options.recalled && to === 'delivered'))
    .toSorted((a, b) => rank(a) - rank(b))
    .map((to) => ({
      to,
      label: from === 'packed' && to === 'printed' ? 'reprint' : to,
      needs: to === 'shipped' ? 'shipping' : to === 'cancelled' ? 'note' : null,
      danger: to === 'cancelled',
    }));
}

export interface MoveInput {
  courier: string;
  trackingNo: string;
  note: string;
}

export type MoveProblem = 'courierRequired' | 'trackingInvalid' | 'noteRequired';

/**
 * The body of POST /api/orders/:orderNo/moves, or what to fix first. `version` is the one
 * the person saw when they started the move, so a colleague's change in between is refused
 * (409) instead of being overwritten.
 */
export function moveRequest(action: MoveAction, version: number, input: MoveInput): { move: OrderMove } | { problem: MoveProblem } {
  const move: OrderMove = { to: action.to, version };
  const note = input.note.trim();
  if (action.needs === 'shipping') {
    const courier = input.courier.trim();
    // Scanners and people both put spaces in long numbers; the waybill has none.
    const trackingNo = input.trackingNo.replace(/\s+/g, '');
    if (courier === '') return { problem: 'courierRequired' };
    if (!TrackingNo.safeParse(trackingNo).success) return { problem: 'trackingInvalid' };
    move.courier = courier;
    move.trackingNo = trackingNo;
  }
  if (action.needs === 'note' && note === '') return { problem: 'noteRequired' };
  if (note !== '') move.note = note;
  return { move };
}
