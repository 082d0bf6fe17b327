import type { ChatChange, ChatMessage, ConversationSummary } from '@kefu/shared/schemas/chat';
import { describe, expect, it } from 'vitest';
import { applyChanged, applyChangesPage, applyList, applyMessage, applyRead, EMPTY_CONVERSATIONS, groupOf, sortForList } from './conversations.ts';

function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 1,
    buyerId: 'tb_小明',
    orderNo: null,
    role: 'presale',
    status: 'open',
    agentId: 3,
    agentName: '李娜',
    version: 2,
    lastSeq: 4,
    lastMessageAt: '2026-11-03T01:30:00.000Z',
    lastPreview: '在吗',
    unread: 1,
    buyerReadSeq: 3,
    staffReadSeq: 3,
    waitingSince: '2026-11-03T01:30:00.000Z',
    openedAt: '2026-11-03T01:00:00.000Z',
    queuedAt: null,
    assignedAt: '2026-11-03T01:00:00.000Z',
    closedAt: null,
    reopenedCount: 0,
    firstResponseAt: null,
    orderConfirmedAt: null,
    confirmToCloseMs: null,
    visitorName: null,
    linkedBuyerId: null,
    ...overrides,
  };
}

function change(overrides: Partial<ChatChange> = {}): ChatChange {
  return {
    feedSeq: 10,
    conversationId: 1,
    kind: 'transferred',
    version: 3,
    agentId: 4,
    prevAgentId: 3,
    role: 'presale',
    status: 'open',
    byStaffId: 3,
    at: '2026-11-03T01:40:00.000Z',
    ...overrides,
  };
}

function message(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 100,
    conversationId: 1,
    seq: 5,
    clientId: 'client-0005',
    sender: 'buyer',
    staffId: null,
    staffName: null,
    kind: 'text',
    text: '这双鞋有 39 码吗',
    imageId: null,
    cannedStep: null,
    createdAt: '2026-11-03T01:35:00.000Z',
    answeredAt: null,
    answeredBy: null,
    ...overrides,
  };
}

const loaded = (...list: ConversationSummary[]) => applyList(EMPTY_CONVERSATIONS, list, 5);

describe('conversation summaries on the agent’s screen', () => {
  it('drops a conversation transferred away (the server sends no summary) and remembers the feed seq', () => {
    const state = applyChanged(loaded(summary()), change(), null);
    expect(state.byId.has(1)).toBe(false);
    expect(state.feedSeq).toBe(10);
  });

  it('ignores an older copy that arrives after a newer one', () => {
    const state = applyChanged(loaded(summary({ version: 5, status: 'closed' })), change({ version: 4 }), summary({ version: 4 }));
    expect(state.byId.get(1)?.status).toBe('closed');
  });

  it('keeps message figures newer than the server’s copy of the same version', () => {
    let state = loaded(summary());
    state = applyMessage(state, message({ seq: 5 }), { reading: false });
    state = applyList(state, [summary({ lastSeq: 4, unread: 1 })], 5);
    expect(state.byId.get(1)).toMatchObject({ lastSeq: 5, unread: 2, lastPreview: '这双鞋有 39 码吗' });
  });

  it('does not bring back an unread count the agent has already read away', () => {
    let state = applyRead(loaded(summary({ lastSeq: 4, unread: 1, staffReadSeq: 3 })), 1, 'staff', 4);
    state = applyList(state, [summary({ lastSeq: 4, unread: 1, staffReadSeq: 3 })], 5);
    expect(state.byId.get(1)).toMatchObject({ unread: 0, staffReadSeq: 4 });
  });

  it('after a reconnect, replaces what the feed says changed and drops what is no longer mine', () => {
    const state = applyChangesPage(loaded(summary({ id: 1 }), summary({ id: 2 }), summary({ id: 3 })), {
      changes: [change({ conversationId: 1, feedSeq: 11 }), change({ conversationId: 2, feedSeq: 12, kind: 'closed', status: 'closed' })],
      conversations: [summary({ id: 2, version: 3, status: 'closed' }), summary({ id: 3 }), summary({ id: 4, status: 'queued', agentId: null })],
      latest: 12,
      hasMore: false,
    });
    expect([...state.byId.keys()].sort()).toEqual([2, 3, 4]);
    expect(state.byId.get(2)?.status).toBe('closed');
    expect(state.feedSeq).toBe(12);
  });
});

describe('messages and read receipts on a summary', () => {
  it.each([
    { sender: 'buyer' as const, reading: false, unread: 2, waiting: '2026-11-03T01:30:00.000Z' },
    { sender: 'buyer' as const, reading: true, unread: 1, waiting: '2026-11-03T01:30:00.000Z' },
    { sender: 'staff' as const, reading: false, unread: 1, waiting: null },
  ])('a $sender message (reading: $reading) leaves unread $unread and waiting since $waiting', ({ sender, reading, unread, waiting }) => {
    const state = applyMessage(loaded(summary()), message({ sender }), { reading });
    expect(state.byId.get(1)).toMatchObject({ unread, waitingSince: waiting, lastSeq: 5 });
  });

  it.each([
    { case: 'the first staff answer to a waiting buyer', before: { firstResponseAt: null }, sender: 'staff' as const, first: '2026-11-03T01:35:00.000Z' },
    { case: 'a greeting before the buyer wrote', before: { firstResponseAt: null, waitingSince: null }, sender: 'staff' as const, first: null },
    { case: 'a buyer message', before: { firstResponseAt: null }, sender: 'buyer' as const, first: null },
    { case: 'a later answer', before: { firstResponseAt: '2026-11-03T01:10:00.000Z' }, sender: 'staff' as const, first: '2026-11-03T01:10:00.000Z' },
  ])('首次响应 after $case: $first (live, no reload)', ({ before, sender, first }) => {
    const state = applyMessage(loaded(summary(before)), message({ sender }), { reading: true });
    expect(state.byId.get(1)?.firstResponseAt).toBe(first);
  });

  it('counts a message once even when it arrives twice', () => {
    let state = applyMessage(loaded(summary()), message(), { reading: false });
    state = applyMessage(state, message(), { reading: false });
    expect(state.byId.get(1)?.unread).toBe(2);
  });

  it('starts the waiting time at the first unanswered buyer message', () => {
    const state = applyMessage(loaded(summary({ waitingSince: null })), message(), { reading: false });
    expect(state.byId.get(1)?.waitingSince).toBe('2026-11-03T01:35:00.000Z');
  });

  it('shows an image as [图片]', () => {
    const state = applyMessage(loaded(summary()), message({ kind: 'image', text: null, imageId: 'abcdefghijklmnop' }), { reading: false });
    expect(state.byId.get(1)?.lastPreview).toBe('[图片]');
  });

  it('clears the unread count when the shop has read up to the last message, and moves the buyer’s receipt forward only', () => {
    let state = applyRead(loaded(summary()), 1, 'staff', 4);
    expect(state.byId.get(1)).toMatchObject({ unread: 0, staffReadSeq: 4 });
    state = applyRead(state, 1, 'buyer', 2);
    expect(state.byId.get(1)?.buyerReadSeq).toBe(3);
  });
});

describe('the left column', () => {
  it.each([
    { status: 'queued' as const, agentId: null, group: 'queue' },
    { status: 'open' as const, agentId: 3, group: 'mine' },
    { status: 'open' as const, agentId: 4, group: 'others' },
    { status: 'closed' as const, agentId: 3, group: null },
  ])('puts a $status chat of agent $agentId under $group', ({ status, agentId, group }) => {
    expect(groupOf(summary({ status, agentId }), 3)).toBe(group);
  });

  it('puts the longest-waiting buyer first, then the most recent activity', () => {
    const list = sortForList([
      summary({ id: 1, waitingSince: null, lastMessageAt: '2026-11-03T01:00:00.000Z' }),
      summary({ id: 2, waitingSince: '2026-11-03T01:20:00.000Z' }),
      summary({ id: 3, waitingSince: '2026-11-03T01:10:00.000Z' }),
      summary({ id: 4, waitingSince: null, lastMessageAt: '2026-11-03T01:50:00.000Z' }),
    ]);
    expect(list.map((s) => s.id)).toEqual([3, 2, 4, 1]);
  });
});
