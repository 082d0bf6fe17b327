/**
 * Picking a canned reply in the composer. Replies come in one group per role (pre-sale: the
 * flow's five steps 欢迎语…收藏店铺; after-sale: its own scripts); each agent is offered their
 * own group, by step (Alt+1…5 = the group's steps in order) and by what follows a leading "/".
 */
import { ALL_CANNED_STEPS, CANNED_GROUPS, type CannedGroup, type CannedReply, type CannedStep } from '@kefu/shared/schemas/chat';
import type { Role } from '@kefu/shared/domain/staff/roles';

/** The groups a person's roles serve: pre-sale, after-sale; the supervisor (answering any chat) both. */
export function cannedGroupsOf(roles: readonly Role[]): CannedGroup[] {
  if (roles.includes('supervisor')) return ['presale', 'aftersale'];
  return (['presale', 'aftersale'] as const).filter((group) => roles.includes(group));
}

/** The steps offered to these groups, in order. */
export function stepsOf(groups: readonly CannedGroup[]): CannedStep[] {
  return groups.flatMap((group) => [...CANNED_GROUPS[group]]);
}

/** The step of Alt+n (n = 1…9) among the offered steps, from the key's code so that it works on every keyboard layout. */
export function stepOfShortcut(code: string, steps: readonly CannedStep[] = CANNED_GROUPS.presale): CannedStep | null {
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(code);
  if (!match) return null;
  return steps[Number(match[1]) - 1] ?? null;
}

/** What the reply box asks the picker for: "/欢迎" → "欢迎"; null when it does not start with "/". */
export function slashQuery(draft: string): string | null {
  if (!draft.startsWith('/') || draft.includes('\n')) return null;
  return draft.slice(1).trim();
}

/**
 * The replies to offer, in the steps' order then their position; a query matches title or
 * text. `groups` limits them to those groups (all when not given).
 */
export function filterCanned(replies: readonly CannedReply[], step: CannedStep | null, query: string, groups?: readonly CannedGroup[]): CannedReply[] {
  const q = query.toLowerCase();
  return replies
    .filter((reply) => (groups === undefined || groups.includes(reply.group)) && (step === null || reply.step === step) && (q === '' || reply.title.toLowerCase().includes(q) || reply.text.toLowerCase().includes(q)))
    .sort((a, b) => ALL_CANNED_STEPS.indexOf(a.step) - ALL_CANNED_STEPS.indexOf(b.step) || a.position - b.position || a.id - b.id);
}

/** Replies of one group by step, every step of the group present (an empty one shows as empty). */
export function groupCanned(replies: readonly CannedReply[], group: CannedGroup = 'presale'): Array<{ step: CannedStep; replies: CannedReply[] }> {
  return CANNED_GROUPS[group].map((step) => ({ step, replies: filterCanned(replies, step, '') }));
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
