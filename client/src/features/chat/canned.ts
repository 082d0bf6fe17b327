/**
 * Picking a canned reply in the composer: by step (Alt+1…5 = 欢迎语…收藏店铺, the pre-sale
 * flow's order) and by what follows a leading "/" in the reply box.
 */
import { CANNED_STEPS, type CannedReply, type CannedStep } from '@kefu/shared/schemas/chat';

/** The step of Alt+n (n = 1…5), from the key's code so that it works on every keyboard layout. */
export function stepOfShortcut(code: string): CannedStep | null {
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(code);
  if (!match) return null;
  return CANNED_STEPS[Number(match[1]) - 1] ?? null;
}

/** What the reply box asks the picker for: "/欢迎" → "欢迎"; null when it does not start with "/". */
export function slashQuery(draft: string): string | null {
  if (!draft.startsWith('/') || draft.includes('\n')) return null;
  return draft.slice(1).trim();
}

/** The replies to offer, in the flow's order then their position; a query matches title or text. */
export function filterCanned(replies: readonly CannedReply[], step: CannedStep | null, query: string): CannedReply[] {
  const q = query.toLowerCase();
  return replies
    .filter((reply) => (step === null || reply.step === step) && (q === '' || reply.title.toLowerCase().includes(q) || reply.text.toLowerCase().includes(q)))
    .sort((a, b) => CANNED_STEPS.indexOf(a.step) - CANNED_STEPS.indexOf(b.step) || a.position - b.position || a.id - b.id);
}

/** Replies grouped by step, every step present (an empty one shows as empty). */
export function groupCanned(replies: readonly CannedReply[]): Array<{ step: CannedStep; replies: CannedReply[] }> {
  return CANNED_STEPS.map((step) => ({ step, replies: filterCanned(replies, step, '') }));
}
