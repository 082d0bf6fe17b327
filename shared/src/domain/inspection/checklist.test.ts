import { describe, expect, it } from 'vitest';
import { CHECKLIST, CHECKLIST_ITEMS, gradeOf, markProblem, scoreInspection, suggestedRules, type ItemMark } from './checklist.ts';

const full = (over: Partial<Record<string, Partial<ItemMark>>> = {}): ItemMark[] =>
  CHECKLIST_ITEMS.map((item) => ({ item, ...(CHECKLIST[item].mode === 'points' ? { points: CHECKLIST[item].max } : { pass: true }), ...over[item] }) as ItemMark);

describe('the checklist', () => {
  it('is worth 100 points in all', () => {
    expect(CHECKLIST_ITEMS.reduce((sum, item) => sum + CHECKLIST[item].max, 0)).toBe(100);
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [75, 'B'],
    [74, 'C'],
    [60, 'C'],
    [59, 'D'],
    [0, 'D'],
  ])('%i → %s', (score, grade) => expect(gradeOf(score)).toBe(grade));
});

describe('scoreInspection', () => {
  it.each<[string, ItemMark[], { score: number | null; grade: string | null; complete: boolean; poor: boolean }]>([
    ['nothing marked', [], { score: null, grade: null, complete: false, poor: false }],
    ['every item full', full(), { score: 100, grade: 'A', complete: true, poor: false }],
    ['closing failed (−10)', full({ closing: { pass: false } }), { score: 90, grade: 'A', complete: true, poor: false }],
    ['attitude 5/20, accuracy 10/20, closing failed (−35)', full({ attitude: { points: 5 }, accuracy: { points: 10 }, closing: { pass: false } }), { score: 65, grade: 'C', complete: true, poor: false }],
    ['attitude 0, accuracy 5, closing failed, item 10', full({ attitude: { points: 0 }, accuracy: { points: 5 }, closing: { pass: false }, item: { points: 10 } }), { score: 50, grade: 'D', complete: true, poor: true }],
    // After-sale chat: the four steps after the greeting do not apply; 60 applicable points.
    [
      'four steps not applicable, attitude 10/20',
      full({ promotion: { pass: undefined, na: true }, item: { points: undefined, na: true }, order_confirm: { points: undefined, na: true }, favourite: { pass: undefined, na: true }, attitude: { points: 10 } }),
      { score: 83, grade: 'B', complete: true, poor: false },
    ],
    ['only greeting marked, 5/10', [{ item: 'greeting', points: 5 }], { score: 50, grade: 'D', complete: false, poor: true }],
  ])('%s', (_name, marks, expected) => {
    expect(scoreInspection(marks)).toMatchObject(expected);
  });

  it('lists the items still to mark, in checklist order', () => {
    expect(scoreInspection([{ item: 'closing', pass: true }, { item: 'greeting', points: 10 }]).missing).toEqual(['promotion', 'item', 'order_confirm', 'favourite', 'accuracy', 'attitude']);
  });

  it('takes the last mark of an item', () => {
    expect(scoreInspection([...full(), { item: 'closing', pass: false }]).score).toBe(90);
  });
});

describe('markProblem', () => {
  it.each<[string, ItemMark, string | null]>([
    ['points within the item', { item: 'accuracy', points: 20 }, null],
    ['points above the item’s max', { item: 'accuracy', points: 21 }, 'inspection_points_range'],
    ['negative points', { item: 'greeting', points: -1 }, 'inspection_points_range'],
    ['fractional points', { item: 'greeting', points: 2.5 }, 'inspection_points_range'],
    ['points on a pass/fail item', { item: 'closing', points: 10 }, 'inspection_mark_kind'],
    ['pass on a points item', { item: 'attitude', pass: true }, 'inspection_mark_kind'],
    ['a pre-sale step not applicable', { item: 'favourite', na: true }, null],
    ['attitude cannot be not applicable', { item: 'attitude', na: true }, 'inspection_not_applicable'],
    ['the greeting cannot be not applicable', { item: 'greeting', na: true }, 'inspection_not_applicable'],
  ])('%s', (_name, mark, reason) => {
    expect(markProblem(mark)?.reason ?? null).toBe(reason);
  });
});

describe('suggestedRules', () => {
  it.each<[string, ItemMark[], string[]]>([
    ['a good chat suggests nothing', full(), []],
    ['attitude below half → G05', full({ attitude: { points: 9 } }), ['G05']],
    ['attitude at half → nothing', full({ attitude: { points: 10 } }), []],
    ['closing failed → G09', full({ closing: { pass: false } }), ['G09']],
    ['both', full({ attitude: { points: 0 }, closing: { pass: false } }), ['G05', 'G09']],
  ])('%s', (_name, marks, rules) => expect(suggestedRules(marks)).toEqual(rules));
});
