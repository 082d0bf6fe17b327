import type { ChatChange, ChatMessage, ConversationSummary } from '@kefu/shared/schemas/chat';
import { describe, expect, it } from 'vitest';
import { changeAttention, messageAttention, waitingOnMe, withTransfers } from './chat-attention.ts';

const ME = 3;

function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: 1,
    buyerId: 'tb_小明',
    orderNo: null,
    role: 'presale',
    status: 'open',
    agentId: ME,
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

function message(overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 9,
    conversationId: 1,
    seq: 5,
    clientId: 'client-0005',
    sender: 'buyer',
    staffId: null,
    staffName: null,
    kind: 'text',
    text: '有人吗',
    imageId: null,
    cannedStep: null,
    createdAt: '2026-11-03T01:31:00.000Z',
    answeredAt: null,
    answeredBy: null,
    ...overrides,
  };
}

function change(overrides: Partial<ChatChange> = {}): ChatChange {
  return {
    feedSeq: 10,
    conversationId: 1,
    kind: 'transferred',
    version: 3,
    agentId: ME,
    prevAgentId: 4,
    role: 'presale',
    status: 'open',
    byStaffId: 4,
    at: '2026-11-03T01:32:00.000Z',
    ...overrides,
  };
}

describe('buyers waiting on me (tab title, menu badge)', () => {
  it.each([
    ['my open chat, buyer waiting', [summary()], 1],
    ['answered', [summary({ waitingSince: null })], 0],
    ['a colleague’s chat', [summary({ agentId: 4 })], 0],
    ['queued', [summary({ status: 'queued', agentId: null })], 0],
    ['closed', [summary({ status: 'closed' })], 0],
    ['two waiting and one answered', [summary({ id: 1 }), summary({ id: 2 }), summary({ id: 3, waitingSince: null })], 2],
  ])('%s → %i', (_label, list, expected) => {
    expect(waitingOnMe(list, ME)).toBe(expected);
  });
});

describe('which message asks for attention', () => {
  it.each([
    ['a buyer writes in my chat', message(), summary(), null, 'message'],
    ['I am reading that chat', message(), summary(), 1, null],
    ['I am reading another chat', message(), summary(), 2, 'message'],
    ['my own reply', message({ sender: 'staff', staffId: ME }), summary(), null, null],
    ['a colleague’s chat (supervisor watching)', message(), summary({ agentId: 4 }), null, null],
    ['a chat not known here yet', message(), undefined, null, null],
  ])('%s → %s', (_label, m, s, onScreen, expected) => {
    expect(messageAttention(m, s, ME, onScreen)?.kind ?? null).toBe(expected);
  });
});

describe('which change asks for attention', () => {
  it.each([
    ['a colleague transfers to me', change(), 'transferred'],
    ['the system hands an absent agent’s chat to me', change({ byStaffId: null }), 'transferred'],
    ['routing gives me a new chat', change({ kind: 'created', prevAgentId: null, byStaffId: null }), 'assigned'],
    ['a closed chat of mine reopens to me', change({ kind: 'reopened', prevAgentId: null, byStaffId: null }), 'assigned'],
    ['I take one from the queue', change({ kind: 'assigned', prevAgentId: null, byStaffId: ME }), null],
    ['I transfer it away', change({ agentId: 4, prevAgentId: ME, byStaffId: ME }), null],
    ['transferred to my role’s queue', change({ agentId: null, status: 'queued' }), null],
    ['closed', change({ kind: 'closed', status: 'closed', prevAgentId: ME }), null],
  ])('%s → %s', (_label, c, expected) => {
    expect(changeAttention(c, ME)?.kind ?? null).toBe(expected);
  });
});

describe('transfers in the staff timeline', () => {
  const m = (seq: number, minute: number) => ({ seq, createdAt: `2026-11-03T01:${String(minute).padStart(2, '0')}:00.000Z` });
  const tr = (id: number, minute: number) => ({ id, at: `2026-11-03T01:${String(minute).padStart(2, '0')}:30.000Z` });
  const shape = (items: ReturnType<typeof withTransfers<{ seq: number; createdAt: string }, { id: number; at: string }>>) =>
    items.map((item) => (item.kind === 'message' ? `m${item.message.seq}` : `t${item.transfer.id}`));

  it.each([
    ['no transfers', [m(1, 1), m(2, 2)], [], ['m1', 'm2']],
    ['between two messages', [m(1, 1), m(2, 3)], [tr(7, 2)], ['m1', 't7', 'm2']],
    ['after the last message', [m(1, 1)], [tr(7, 5)], ['m1', 't7']],
    ['before any message', [m(1, 9)], [tr(7, 2)], ['t7', 'm1']],
    ['two, given out of order', [m(1, 1), m(2, 9)], [tr(8, 4), tr(7, 2)], ['m1', 't7', 't8', 'm2']],
  ])('%s', (_label, messages, transfers, expected) => {
    expect(shape(withTransfers(messages, transfers))).toEqual(expected);
  });
});
