import { describe, expect, it } from 'vitest';
import { g10Offenders, leftUnfinishedAt, type OffDutyConversation, type OffDutyMessage } from './offduty.ts';

const t0 = new Date('2026-11-03T10:00:00Z');
const m = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const AGENT = 7;
const OTHER = 8;
const buyer = (at: number, answeredAt: number | null): OffDutyMessage => ({ sender: 'buyer', staffId: null, at: m(at), answeredAt: answeredAt === null ? null : m(answeredAt) });
const staff = (at: number, staffId = AGENT): OffDutyMessage => ({ sender: 'staff', staffId, at: m(at), answeredAt: null });
const chat = (messages: OffDutyMessage[], closedAt: number | null = null, openedAt = 0): OffDutyConversation => ({ id: 1, openedAt: m(openedAt), closedAt: closedAt === null ? null : m(closedAt), messages });

describe('a departure leaves a chat unfinished (G10)', () => {
  it.each([
    ['the buyer asked again and the agent went offline unanswered', chat([buyer(0, 1), staff(1), buyer(5, null)]), 10, true],
    ['answered later by someone else: still unanswered when the agent left', chat([buyer(0, 1), staff(1), buyer(5, 30), staff(30, OTHER)]), 10, true],
    ['everything answered before leaving', chat([buyer(0, 1), staff(1), buyer(5, 6), staff(6)]), 10, false],
    ['the chat was closed before leaving', chat([buyer(0, 1), staff(1), buyer(5, null)], 8), 10, false],
    ['closed exactly when leaving', chat([buyer(0, 1), staff(1), buyer(5, null)], 10), 10, false],
    ['the agent never wrote in it (not theirs)', chat([buyer(0, 1), staff(1, OTHER), buyer(5, null)]), 10, false],
    ['the chat opened after the departure', chat([buyer(20, null), staff(21)], null, 20), 10, false],
    ['the buyer wrote only after the departure', chat([buyer(0, 1), staff(1), buyer(15, null)]), 10, false],
  ])('%s → %s', (_case, conversation, departedAt, expected) => {
    expect(leftUnfinishedAt(conversation, { staffId: AGENT, at: m(departedAt) })).toBe(expected);
  });
});

describe('who a complaint proposes G10 for', () => {
  const unfinished = chat([buyer(0, 1), staff(1), buyer(5, null)]);

  it('the agent who left it, once, at their first departure', () => {
    const offenders = g10Offenders(m(120), [unfinished], [{ staffId: AGENT, at: m(10) }, { staffId: AGENT, at: m(40) }]);
    expect(offenders).toEqual([{ staffId: AGENT, conversationId: 1, departedAt: m(10) }]);
  });

  it.each([
    ['a departure after the complaint', m(130), 72, []],
    ['a departure beyond the look-back', m(10), 1, []],
  ])('nobody for %s', (_case, departedAt, lookback, expected) => {
    const complaintAt = lookback === 1 ? m(10 + 61) : m(120);
    expect(g10Offenders(complaintAt, [unfinished], [{ staffId: AGENT, at: departedAt }], lookback)).toEqual(expected);
  });

  it('an agent who left with the chat finished is not proposed; the one who left it unfinished is', () => {
    const handedOn = chat([buyer(0, 1), staff(1, OTHER), buyer(2, 3), staff(3, OTHER), buyer(5, 6), staff(6), buyer(20, null)]);
    const offenders = g10Offenders(m(120), [handedOn], [{ staffId: OTHER, at: m(4) }, { staffId: AGENT, at: m(25) }]);
    expect(offenders.map((o) => o.staffId)).toEqual([AGENT]);
  });
});
