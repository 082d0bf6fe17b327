import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainText, textProblem } from './text.ts';

describe('textProblem (names, notes, replies, messages)', () => {
  it.each([
    ['李娜', false, null],
    ['Hello, 世界 😀', false, null],
    ['two\nlines\twith a tab', true, null],
    ['two\nlines', false, 'control_chars'],
    ['tab\there', false, 'control_chars'],
    ['nul\u0000inside', true, 'control_chars'],
    ['carriage\rreturn', true, 'control_chars'],
    ['bell\u0007', true, 'control_chars'],
    ['delete\u007f', true, 'control_chars'],
    ['c1 \u0085 next line', true, 'control_chars'],
    ['c1 \u009b csi', false, 'control_chars'],
    ['李娜\u202Eecnanif', false, 'bidi_controls'],
    ['embedding \u202A', true, 'bidi_controls'],
    ['isolate \u2066x\u2069', true, 'bidi_controls'],
    ['first strong isolate \u2068', false, 'bidi_controls'],
    ['Arabic مرحبا and Hebrew שלום are fine', false, null],
    ['zero width joiner 👩\u200D💻 is fine', false, null],
  ] as const)('%j (multi-line %s) → %s', (text, multiline, problem) => {
    expect(textProblem(text, multiline)).toBe(problem);
  });

  it('plainText keeps the schema and names the reason in the issue', () => {
    const Name = plainText(z.string().trim().max(10), 'displayName', { multiline: false });
    expect(Name.parse(' 李娜 ')).toBe('李娜');
    const result = Name.safeParse('A\u202Eb');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'custom', params: { reason: 'bidi_controls' }, message: expect.stringMatching(/displayName must not contain right-to-left/) });
  });
});
