import type { ConversationSummary } from '@kefu/shared/schemas/chat';
import type { TFunction } from 'i18next';

type Who = Pick<ConversationSummary, 'buyerId' | 'visitorName' | 'linkedBuyerId'>;

/**
 * What the agents call a chat's buyer (issue 11): the marketplace ID of a signed link; an
 * anonymous visitor as 访客 · the name they gave — or, once an agent has checked an order,
 * the marketplace ID they were linked to. Never the visitor's internal `~…` id.
 */
export function buyerLabel(who: Who, t: TFunction): string {
  if (who.visitorName === null) return who.buyerId;
  return who.linkedBuyerId ?? t('chat.side.visitor', { name: who.visitorName });
}

/** Whose orders the side panel shows: the linked marketplace ID for a checked visitor; none for an unchecked one. */
export function ordersBuyerOf(who: Who): string | null {
  if (who.visitorName === null) return who.buyerId;
  return who.linkedBuyerId;
}
