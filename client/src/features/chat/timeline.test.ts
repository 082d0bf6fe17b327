import { describe, expect, it } from 'vitest';
import { contiguousSeq, hasGap, highestSeq, lowestSeq, mergeMessages, stillPending, type Sequenced } from './timeline.ts';

type Message = Sequenced & { text: string };
const m = (seq: number, text = `#${seq}`, conversationId = 7): Message => ({ conversationId, seq, clientId: `client-${conversationId}-${seq}`, text });
const seqs = (list: readonly Message[]) => list.map((x) => `${x.conversationId}:${x.seq}`);

describe('merging messages from acks, live events and catch-up pages', () => {
  it('keeps each message once, in seq order, whatever order and how often they arrive', () => {
    let list: readonly Message[] = [];
    list = mergeMessages(list, [m(2)]); // live event overtook
    list = mergeMessages(list, [m(1), m(2), m(3)]); // catch-up page repeats 2
    list = mergeMessages(list, [m(3)]); // the ack of 3 after its broadcast
    expect(seqs(list)).toEqual(['7:1', '7:2', '7:3']);
  });

  it('returns the same array when nothing new arrived (no re-render)', () => {
    const list = mergeMessages([], [m(1), m(2)]);
    expect(mergeMessages(list, [m(2)])).toBe(list);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('lets a later copy of a message replace the earlier one', () => {
    const list = mergeMessages([m(1, 'old')], [m(1, 'answered')]);
    expect(list.map((x) => x.text)).toEqual(['answered']);
  });

  it('orders a buyer’s earlier conversation before the new one, each starting at seq 1', () => {
    const list = mergeMessages([m(1, 'new', 9)], [m(2, 'old', 7), m(1, 'old', 7)]);
    expect(seqs(list)).toEqual(['7:1', '7:2', '9:1']);
  });
});

describe('where a catch-up starts', () => {
  it.each([
    { have: [], expected: 0 },
    { have: [1, 2, 3], expected: 3 },
    { have: [1, 2, 4], expected: 2 },
    { have: [2, 3], expected: 0 },
  ])('after messages $have it asks for everything after $expected', ({ have, expected }) => {
    const list = mergeMessages([], have.map((seq) => m(seq)));
    expect(contiguousSeq(list, 7)).toBe(expected);
  });

  it('counts only the conversation asked about', () => {
    const list = mergeMessages([], [m(1, 'a', 7), m(2, 'b', 7), m(1, 'c', 9)]);
    expect(contiguousSeq(list, 9)).toBe(1);
    expect(highestSeq(list, 7)).toBe(2);
  });

  it('sees a gap when a live message overtook a missed one', () => {
    expect(hasGap(mergeMessages([], [m(1), m(3)]), 7)).toBe(true);
    expect(hasGap(mergeMessages([], [m(1), m(2)]), 7)).toBe(false);
  });
});

describe('pending messages', () => {
  it('disappear once the server’s copy with their clientId is here', () => {
    const pending = [{ clientId: 'client-7-2' }, { clientId: 'not-yet-stored' }];
    expect(stillPending(pending, [m(1), m(2)])).toEqual([{ clientId: 'not-yet-stored' }]);
  });
});

describe('a page opened at the newest messages (the buyer’s phone page)', () => {
  it.each([
    ['from 31 to 50, floor 31', [31, 32, 33], 31, 33, false],
    ['a gap above the floor', [31, 33], 31, 31, true],
    ['older ones loaded below the floor', [11, 12, 31, 32], 31, 32, false],
    ['nothing yet', [], 31, 30, false],
    ['floor 1 as before', [1, 2, 4], 1, 2, true],
  ])('%s', (_label, list, floor, cursor, gap) => {
    const messages = list.map((seq) => m(seq));
    expect(contiguousSeq(messages, 7, floor)).toBe(cursor);
    expect(hasGap(messages, 7, floor)).toBe(gap);
  });

  it.each([
    [[], 0],
    [[5, 3, 9], 3],
  ])('the lowest seq of %j is %i', (list, lowest) => {
    expect(lowestSeq([...list.map((seq) => m(seq)), m(1, 'other', 8)], 7)).toBe(lowest);
  });
});
