import { describe, expect, it } from 'vitest';
import { pointDeductionFen } from './bands.ts';

/**
 * Independent of the implementation: walk down from 100 one point at a time and charge each
 * point lost at the rate of the band it falls in (100-90 10元, 90-80 20元, 80-70 30元,
 * 70-60 40元, below 60 40元 too).
 */
function walkedDeductionFen(score: number): number {
  let fen = 0;
  for (let point = 100; point > score; point -= 1) {
    // `point` is the point lost going from `point` to `point - 1`.
    if (point > 90) fen += 1_000;
    else if (point > 80) fen += 2_000;
    else if (point > 70) fen += 3_000;
    else fen += 4_000;
  }
  return fen;
}

describe('point deductions by band', () => {
  it.each([
    [100, 0],
    [99, 1_000],
    [90, 10_000],
    [89, 12_000],
    [85, 20_000],
    [80, 30_000],
    [70, 60_000],
    [60, 100_000],
    [59, 104_000],
    [55, 120_000],
    [0, 340_000],
    [-5, 360_000],
    [110, 0],
  ])('a final score of %i costs %i fen', (score, fen) => {
    expect(pointDeductionFen(score)).toBe(fen);
  });

  it.each(Array.from({ length: 131 }, (_, score) => [score, walkedDeductionFen(score)]))(
    'a final score of %i costs %i fen, point by point',
    (score, fen) => {
      expect(pointDeductionFen(score)).toBe(fen);
    },
  );

  it('refuses a score that is not a whole number of points', () => {
    expect(() => pointDeductionFen(89.5)).toThrow(RangeError);
    expect(() => pointDeductionFen(Number.NaN)).toThrow(RangeError);
  });
});
