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

/**
 * The draft after picking a canned reply: put in at the cursor (replacing a selection), the
 * agent's own words kept around it (issue 11). A "/…" query is the whole draft and only
 * asked for the reply: it is replaced. `caret`: where the cursor goes (after the reply).
 */
export function insertCanned(draft: string, selection: { start: number; end: number }, reply: string): { text: string; caret: number } {
  if (slashQuery(draft) !== null) return { text: reply, caret: reply.length };
  const start = Math.max(0, Math.min(selection.start, draft.length));
  const end = Math.max(start, Math.min(selection.end, draft.length));
  const text = draft.slice(0, start) + reply + draft.slice(end);
  return { text, caret: start + reply.length };
}

/** Ctrl+Z (⌘Z on a Mac), not Ctrl+Shift+Z (redo). */
export function isUndoKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z';
}
