import { describe, expect, it } from 'vitest';
import { evidenceTarget } from '../scoring/evidence.ts';
import { chatMessagePath, focusOf } from './deep-link.ts';

describe('chat deep links', () => {
  it.each([
    ['conversation=12&message=7', { conversationId: 12, seq: 7 }],
    ['conversation=12', { conversationId: 12, seq: null }],
    ['conversation=12&message=0', { conversationId: 12, seq: null }],
    ['conversation=12&message=x', { conversationId: 12, seq: null }],
    ['conversation=0&message=3', null],
    ['conversation=-4', null],
    ['conversation=1e3', null],
    ['conversation=12345678901', null],
    ['message=3', null],
    ['', null],
  ])('?%s opens %j', (query, focus) => {
    expect(focusOf(new URLSearchParams(query))).toEqual(focus);
  });

  it.each([
    [12, 7, '/console/chat?conversation=12&message=7'],
    [12, null, '/console/chat?conversation=12'],
  ])('links conversation %i at message %s as %s', (conversationId, seq, path) => {
    expect(chatMessagePath(conversationId, seq)).toBe(path);
    const back = focusOf(new URLSearchParams(path.split('?')[1]));
    expect(back).toEqual({ conversationId, seq });
  });
});

describe('scoring evidence of kind chat opens the deep link', () => {
  it.each([
    ['12:7', '/console/chat?conversation=12&message=7'],
    ['12', '/console/chat?conversation=12'],
  ])('%s → %s', (id, href) => {
    expect(evidenceTarget({ kind: 'chat', id })).toEqual({ kind: 'page', href });
    const target = evidenceTarget({ kind: 'chat', id });
    if (target.kind === 'page') expect(focusOf(new URLSearchParams(target.href.split('?')[1]))).not.toBeNull();
  });
});
