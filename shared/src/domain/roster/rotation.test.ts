import { describe, expect, it } from 'vitest';
import { generateRotation, rotationBlock, rotationKind, type RotationPerson } from './rotation.ts';
import { daysOfMonth } from './shifts.ts';

const templates = [
  { id: 1, group: 'service', kind: 'early' },
  { id: 2, group: 'service', kind: 'late' },
  { id: 3, group: 'printing', kind: 'early' },
] as const;

describe('the 5-day rotation (每5天轮一次班)', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-05', 0],
    ['1970-01-06', 1],
    ['2026-11-02', 4151],
    ['2026-11-03', 4152],
    ['2026-11-07', 4152],
    ['2026-11-08', 4153],
    ['2026-12-02', 4157],
  ] as const)('%s is in block %i', (day, block) => {
    expect(rotationBlock(day)).toBe(block);
  });

  it.each([
    [0, '2026-11-02', 'late'],
    [0, '2026-11-03', 'early'],
    [0, '2026-11-07', 'early'],
    [0, '2026-11-08', 'late'],
    [0, '2026-11-13', 'early'],
    [1, '2026-11-03', 'late'],
    [1, '2026-11-08', 'early'],
    [2, '2026-11-03', 'early'],
  ] as const)('person %i of a role on %s works %s', (index, day, kind) => {
    expect(rotationKind(index, day)).toBe(kind);
  });

  const team: RotationPerson[] = [
    { staffId: 10, role: 'presale' },
    { staffId: 11, role: 'presale' },
    { staffId: 20, role: 'aftersale' },
    { staffId: 21, role: 'aftersale' },
    { staffId: 30, role: 'printer' },
  ];
  const days = daysOfMonth('2026-11');
  const cells = generateRotation(days, team, templates);

  it('gives everyone a shift every day of the month', () => {
    expect(cells).toHaveLength(team.length * days.length);
  });

  it('keeps a pre-sale and an after-sale agent on both service shifts every day, and the printer early', () => {
    for (const day of days) {
      const of = (role: string, templateId: number) => cells.filter((c) => c.day === day && c.role === role && c.templateId === templateId).length;
      expect([of('presale', 1), of('presale', 2), of('aftersale', 1), of('aftersale', 2), of('printer', 3)]).toEqual([1, 1, 1, 1, 1]);
    }
  });

  it('turns over every 5 days and carries on across the month boundary', () => {
    const of = (staffId: number, day: string) => cells.find((c) => c.staffId === staffId && c.day === day)?.templateId;
    expect([of(10, '2026-11-02'), of(10, '2026-11-03'), of(10, '2026-11-07'), of(10, '2026-11-08'), of(10, '2026-11-13')]).toEqual([2, 1, 1, 2, 1]);
    // 2026-11-28 .. 2026-12-02 is one block: December goes on where November stopped
    const december = generateRotation(['2026-12-01', '2026-12-03'], team, templates).filter((c) => c.staffId === 10);
    expect([of(10, '2026-11-30'), ...december.map((c) => c.templateId)]).toEqual([2, 2, 1]);
  });

  it('gives no cell to a role without a template', () => {
    expect(generateRotation(['2026-11-01'], [{ staffId: 30, role: 'printer' }], templates.slice(0, 2))).toEqual([]);
  });
});
