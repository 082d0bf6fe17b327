import type { Presence } from '@kefu/shared/schemas/chat';
import { describe, expect, it } from 'vitest';
import { mergePresence } from './presence.ts';

const presence = (staffId: number, status: Presence['status'], since: string | null, openCount = 0): Presence => ({
  staffId,
  username: `agent${staffId}`,
  displayName: `客服${staffId}`,
  roles: ['presale'],
  status,
  since,
  openCount,
});

describe('whose presence the screen shows', () => {
  it('keeps the live "online" when a list read before it arrives after it', () => {
    const live = [presence(3, 'online', '2026-11-03T01:00:01.000Z')];
    expect(mergePresence(live, [presence(3, 'offline', null)])[0]?.status).toBe('online');
    expect(mergePresence(live, [presence(3, 'offline', '2026-11-03T00:00:00.000Z')])[0]?.status).toBe('online');
  });

  it('takes a later change, and a same-time copy with a new chat count', () => {
    const before = [presence(3, 'online', '2026-11-03T01:00:00.000Z', 1)];
    expect(mergePresence(before, [presence(3, 'away', '2026-11-03T01:05:00.000Z')])[0]?.status).toBe('away');
    expect(mergePresence(before, [presence(3, 'online', '2026-11-03T01:00:00.000Z', 2)])[0]?.openCount).toBe(2);
  });

  it('lists everyone once, by id', () => {
    const list = mergePresence([presence(4, 'offline', null)], [presence(3, 'online', null), presence(4, 'online', '2026-11-03T01:00:00.000Z')]);
    expect(list.map((p) => [p.staffId, p.status])).toEqual([
      [3, 'online'],
      [4, 'online'],
    ]);
  });
});
