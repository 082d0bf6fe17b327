import { describe, expect, it } from 'vitest';
import { complaintStats } from './stats.ts';

describe('complaint figures per agent', () => {
  it.each([
    ['nothing', [], [], [], [], { concerning: 0, verified: 0, handled: 0, handlingAvgS: null }],
    [
      'one agent concerned, another handling',
      [{ staffId: 3, count: 2 }],
      [{ staffId: 3, count: 1 }],
      [{ staffId: 5, count: 2, totalSeconds: 7200 }],
      [
        { staffId: 3, concerning: 2, verified: 1, handled: 0, handlingAvgS: null },
        { staffId: 5, concerning: 0, verified: 0, handled: 2, handlingAvgS: 3600 },
      ],
      { concerning: 2, verified: 1, handled: 2, handlingAvgS: 3600 },
    ],
    [
      'the team average is weighed by the complaints handled',
      [],
      [],
      [
        { staffId: 5, count: 1, totalSeconds: 600 },
        { staffId: 6, count: 3, totalSeconds: 3 * 3000 },
      ],
      [
        { staffId: 5, concerning: 0, verified: 0, handled: 1, handlingAvgS: 600 },
        { staffId: 6, concerning: 0, verified: 0, handled: 3, handlingAvgS: 3000 },
      ],
      { concerning: 0, verified: 0, handled: 4, handlingAvgS: 2400 },
    ],
  ] as const)('%s', (_case, concerning, verified, handled, agents, team) => {
    const stats = complaintStats(concerning, verified, handled);
    expect(stats.agents).toEqual(agents);
    expect(stats.team).toEqual(team);
  });
});
