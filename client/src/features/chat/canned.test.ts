import { cannedGroupOf, type CannedReply } from '@kefu/shared/schemas/chat';
import { describe, expect, it } from 'vitest';
import { cannedGroupsOf, filterCanned, groupCanned, insertCanned, isUndoKey, slashQuery, stepOfShortcut, stepsOf } from './canned.ts';

const reply = (id: number, step: CannedReply['step'], title: string, text: string, position = 0): CannedReply => ({ id, step, group: cannedGroupOf(step), title, text, position, version: 1 });
const replies = [
  reply(1, 'favourite', '收藏', '喜欢的话收藏一下小店哦'),
  reply(2, 'welcome', '问候', '亲，欢迎光临，请问有什么可以帮您？', 1),
  reply(3, 'order_confirm', '核对地址', '亲，请核对一下收货地址'),
  reply(4, 'welcome', '早安', '早上好，亲', 0),
  reply(5, 'as_prepay', '先垫付运费', '亲，请您先垫付退回的运费，不要发到付件哦。'),
  reply(6, 'as_condition', '完好无损才退换', '亲，退换货请一定确保鞋子完好无损'),
];

describe('canned replies in the reply box', () => {
  it.each([
    ['Digit1', 'welcome'],
    ['Digit2', 'promotion'],
    ['Digit3', 'item'],
    ['Numpad4', 'order_confirm'],
    ['Digit5', 'favourite'],
    ['Digit6', null],
    ['KeyA', null],
  ])('Alt with %s opens the step %s', (code, step) => {
    expect(stepOfShortcut(code)).toBe(step);
  });

  it.each([
    ['/', ''],
    ['/ 地址', '地址'],
    ['亲/', null],
    ['/a\nb', null],
  ])('the box holding %j asks for %j', (draft, query) => {
    expect(slashQuery(draft)).toBe(query);
  });

  it('offers the flow’s order, then the position, and matches title or text', () => {
    expect(filterCanned(replies, null, '').map((r) => r.id)).toEqual([4, 2, 3, 1, 6, 5]);
    expect(filterCanned(replies, 'welcome', '').map((r) => r.id)).toEqual([4, 2]);
    expect(filterCanned(replies, null, '地址').map((r) => r.id)).toEqual([3]);
    expect(filterCanned(replies, null, '收藏').map((r) => r.id)).toEqual([1]);
  });

  it('groups by all five steps, empty ones included', () => {
    const groups = groupCanned(replies);
    expect(groups.map((g) => [g.step, g.replies.length])).toEqual([
      ['welcome', 2],
      ['promotion', 0],
      ['item', 0],
      ['order_confirm', 1],
      ['favourite', 1],
    ]);
  });
});

describe('a group of canned replies per role', () => {
  it.each([
    [['presale'], ['presale']],
    [['aftersale'], ['aftersale']],
    [['supervisor'], ['presale', 'aftersale']],
    [['printer'], []],
  ] as const)('%j is offered %j', (roles, groups) => expect(cannedGroupsOf(roles)).toEqual(groups));

  it('offers after-sale only its own scripts, and Alt+n picks among its steps', () => {
    expect(filterCanned(replies, null, '', ['aftersale']).map((r) => r.id)).toEqual([6, 5]);
    expect(filterCanned(replies, null, '亲', ['presale']).map((r) => r.id)).toEqual([4, 2, 3]);
    const steps = stepsOf(['aftersale']);
    expect(steps).toEqual(['as_condition', 'as_prepay', 'as_card', 'as_postage', 'as_exchange_no']);
    expect(stepOfShortcut('Digit2', steps)).toBe('as_prepay');
    expect(stepOfShortcut('Digit6', steps)).toBeNull();
    expect(groupCanned(replies, 'aftersale').map((g) => [g.step, g.replies.map((r) => r.id)])).toEqual([
      ['as_condition', [6]],
      ['as_prepay', [5]],
      ['as_card', []],
      ['as_postage', []],
      ['as_exchange_no', []],
    ]);
  });
});

describe('inserting a canned reply into the draft (issue 11)', () => {
  it.each([
    { case: 'an empty draft', draft: '', start: 0, end: 0, text: '亲，欢迎光临', caret: 6 },
    { case: 'at the cursor in the middle', draft: '您好！请问有什么可以帮您', start: 3, end: 3, text: '您好！亲，欢迎光临请问有什么可以帮您', caret: 9 },
    { case: 'at the end', draft: '好的', start: 2, end: 2, text: '好的亲，欢迎光临', caret: 8 },
    { case: 'over a selection', draft: '好的 XXX 谢谢', start: 3, end: 6, text: '好的 亲，欢迎光临 谢谢', caret: 9 },
    { case: 'a "/" query is replaced', draft: '/欢迎', start: 3, end: 3, text: '亲，欢迎光临', caret: 6 },
    { case: 'a cursor past the end', draft: '好的', start: 9, end: 9, text: '好的亲，欢迎光临', caret: 8 },
  ])('$case', ({ draft, start, end, text, caret }) => {
    expect(insertCanned(draft, { start, end }, '亲，欢迎光临')).toEqual({ text, caret });
  });

  it.each([
    [{ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, true],
    [{ key: 'Z', ctrlKey: false, metaKey: true, shiftKey: false, altKey: false }, true],
    [{ key: 'z', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }, false],
    [{ key: 'z', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, false],
    [{ key: 'y', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, false],
  ])('%o is undo: %s', (event, undo) => {
    expect(isUndoKey(event)).toBe(undo);
  });
});
