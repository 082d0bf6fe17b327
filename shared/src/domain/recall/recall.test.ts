import { describe, expect, it } from 'vitest';
import { followUpDue, receivedLine, slipDay, slipNumber, slipStepRefusal, type SlipStatus } from './recall.ts';

const TZ = 'Asia/Shanghai';

describe('recall slips', () => {
  it.each([
    ['2026-11-29', 1, 'TH20261129-001'],
    ['2026-11-29', 42, 'TH20261129-042'],
    ['2026-01-03', 1234, 'TH20260103-1234'],
  ])('slip %s #%i is %s', (day, seq, expected) => {
    expect(slipNumber(day, seq)).toBe(expected);
  });

  it.each([
    // 23:59 in Shanghai is still the 29th; a minute later the 30th (UTC is 8 hours behind)
    ['2026-11-29T15:59:00Z', '2026-11-29', '原包裹已收到 孙磊 2026.11.29'],
    ['2026-11-29T16:00:00Z', '2026-11-30', '原包裹已收到 孙磊 2026.11.30'],
  ])('at %s the shop day is %s and the registry line %s', (at, day, line) => {
    expect(slipDay(new Date(at), TZ)).toBe(day);
    expect(receivedLine('孙磊', new Date(at), TZ)).toBe(line);
  });

  it.each<[SlipStatus, 'sign' | 'receive', string | null]>([
    ['issued', 'sign', null],
    ['issued', 'receive', 'not_signed'],
    ['signed', 'sign', 'already_signed'],
    ['signed', 'receive', null],
    ['received', 'sign', 'already_received'],
    ['received', 'receive', 'already_received'],
  ])('a %s slip, step %s: %s', (status, step, refusal) => {
    expect(slipStepRefusal(status, step)).toBe(refusal);
  });
});

describe('difficult parcels', () => {
  it.each([
    ['open', '2026-11-29', '2026-11-29', true],
    ['open', '2026-11-28', '2026-11-29', true],
    ['open', '2026-11-30', '2026-11-29', false],
    ['open', null, '2026-11-29', false],
    ['delivered', '2026-11-28', '2026-11-29', false],
  ] as const)('%s, next follow-up %s, on %s: due %s', (status, next, today, due) => {
    expect(followUpDue({ status, nextFollowUpOn: next }, today)).toBe(due);
  });
});
