/**
 * Point deductions in money ((三) 奖罚说明 ⑤):
 *
 *   100-90：每分扣惩10元   90-80：每分扣惩20元   80-70：每分扣惩30元   70-60：每分扣惩40元   60分以下：解雇
 *
 * Choice (scoring.md): the bands are progressive, like a tax — each point lost is charged
 * at the rate of the band it falls in — and points below 60 cost 40 yuan each as well.
 */
interface Band {
  /** The band covers the points lost going down from `above` to `down`. */
  readonly above: number;
  readonly down: number;
  readonly fenPerPoint: number;
}

export const POINT_BANDS: readonly Band[] = [
  { above: 100, down: 90, fenPerPoint: 1_000 },
  { above: 90, down: 80, fenPerPoint: 2_000 },
  { above: 80, down: 70, fenPerPoint: 3_000 },
  { above: 70, down: 60, fenPerPoint: 4_000 },
  { above: 60, down: Number.NEGATIVE_INFINITY, fenPerPoint: 4_000 },
];

/** The money, in fen, a final score costs. 100 or more costs nothing; scores may be negative. */
export function pointDeductionFen(finalScore: number): number {
  if (!Number.isInteger(finalScore)) throw new RangeError(`a score is a whole number of points, got ${finalScore}`);
  let fen = 0;
  for (const band of POINT_BANDS) {
    const lostInBand = band.above - Math.max(band.down, finalScore);
    if (lostInBand > 0) fen += lostInBand * band.fenPerPoint;
  }
  return fen;
}
