import type { Presence } from '@kefu/shared/schemas/chat';

/**
 * Presence from a list route and from `presence:changed`, which may overtake each other:
 * per agent the later change (`since`) wins, so a fresh "online" is not undone by an older
 * list. An agent without `since` has never had a presence: older than any change.
 */
export function mergePresence(current: readonly Presence[], incoming: readonly Presence[]): Presence[] {
  const at = (p: Presence) => (p.since ? Date.parse(p.since) : Number.NEGATIVE_INFINITY);
  const byId = new Map(current.map((p) => [p.staffId, p]));
  for (const presence of incoming) {
    const existing = byId.get(presence.staffId);
    if (!existing || at(presence) >= at(existing)) byId.set(presence.staffId, presence);
  }
  return [...byId.values()].sort((a, b) => a.staffId - b.staffId);
}
