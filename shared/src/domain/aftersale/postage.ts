/**
 * The postage rules of a return or exchange (售后 ③④, scoring A02, A03, A04). Pure.
 *
 * - A quality problem: the shop pays both ways; the buyer advances the return postage and the
 *   shop refunds it to the buyer's Alipay once the return arrives.
 * - Not a quality problem: the buyer pays the return leg. The shop paying it ("free both
 *   ways") for a non-quality case is refused (A02).
 * - A quality case says exactly where on the shoe the problem is, so the warehouse can
 *   inspect it (A03).
 * - Before the shop promises to pay the postage, photos from this buyer's chat confirm the
 *   problem, except lining and insole problems that cannot be photographed (A04).
 */
export const POSTAGE_PAYERS = ['buyer', 'shop'] as const;
export type PostagePayer = (typeof POSTAGE_PAYERS)[number];

export interface PostageFacts {
  quality: boolean;
  /** Where on the shoe (A03); null when not given. */
  qualityLocation: string | null;
  /** A lining or insole problem: exempt from photos (A04). */
  liningInsole: boolean;
  /** Who pays the buyer → shop leg; null while not agreed. */
  returnPayer: PostagePayer | null;
  /** Photos of this buyer's chat attached to the case. */
  photoCount: number;
}

export type PostageRefusal = 'quality_location_required' | 'shop_pays_not_quality' | 'photos_required';

/** The first rule a case's postage facts break, or null. */
export function postageRefusal(facts: PostageFacts): PostageRefusal | null {
  if (facts.quality && !facts.qualityLocation?.trim()) return 'quality_location_required';
  if (facts.returnPayer === 'shop' && !facts.quality) return 'shop_pays_not_quality';
  if (facts.returnPayer === 'shop' && facts.quality && !facts.liningInsole && facts.photoCount === 0) return 'photos_required';
  return null;
}

export type PostageRefundRefusal = 'not_shop_postage' | 'no_amount' | 'not_received' | 'already_refunded';

/** Statuses in which the return is in the shop's hands. */
const RECEIVED_OR_LATER = ['received', 'refunded', 'exchange_shipped', 'closed'] as const;

/** May the postage the buyer advanced be refunded now? Only the shop's postage, once the return is received, once. */
export function postageRefundRefusal(facts: {
  returnPayer: PostagePayer | null;
  postageAdvancedFen: number | null;
  receivedAt: Date | null;
  status: string;
  postageRefundedAt: Date | null;
}): PostageRefundRefusal | null {
  if (facts.returnPayer !== 'shop') return 'not_shop_postage';
  if (!facts.postageAdvancedFen) return 'no_amount';
  if (facts.postageRefundedAt) return 'already_refunded';
  if (!facts.receivedAt || !(RECEIVED_OR_LATER as readonly string[]).includes(facts.status)) return 'not_received';
  return null;
}

/** The checklist the agent ticks while talking (A05, A06, A07). */
export const CHECKLIST_ITEMS = ['goods_intact', 'prepay_postage', 'card_filled'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
/** The scoring code each tick answers. */
export const CHECKLIST_CODES: Record<ChecklistItem, 'A05' | 'A06' | 'A07'> = { goods_intact: 'A05', prepay_postage: 'A06', card_filled: 'A07' };
