import { describe, expect, it } from 'vitest';
import { attentionCount, setAttentionCount, titleWithCount } from './attention.ts';

describe('the count in the tab title', () => {
  it.each([
    ['客服控制台', 3, '(3) 客服控制台'],
    ['(3) 客服控制台', 1, '(1) 客服控制台'],
    ['(3) 客服控制台', 0, '客服控制台'],
    ['客服控制台', 0, '客服控制台'],
  ])('%s with %i → %s', (title, count, expected) => {
    expect(titleWithCount(title, count)).toBe(expected);
  });

  it('keeps one count per source', () => {
    setAttentionCount('alerts', 2);
    setAttentionCount('chat', 1);
    expect(attentionCount('alerts')).toBe(2);
    setAttentionCount('alerts', 0);
    expect(attentionCount('alerts')).toBe(0);
    expect(attentionCount('chat')).toBe(1);
  });
});
