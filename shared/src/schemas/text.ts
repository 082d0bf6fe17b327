import type { z } from 'zod';

/**
 * Text people type (names, notes, replies, chat messages) must not carry invisible
 * characters that change what others see (issue 12): C0/C1 control characters such as NUL
 * (a newline and a tab are allowed where the field has several lines), and the bidi
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that turn "李娜‮ecnanif" into a
 * different-looking name. Refused, not stripped, so what is stored is what was typed.
 */
export const TEXT_PROBLEMS = ['control_chars', 'bidi_controls'] as const;
export type TextProblem = (typeof TEXT_PROBLEMS)[number];

const CONTROLS_ONE_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
const CONTROLS_MULTI_LINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;

/** What is wrong with a text, or null. Pure: the client checks its forms with it too. */
export function textProblem(value: string, multiline: boolean): TextProblem | null {
  if ((multiline ? CONTROLS_MULTI_LINE : CONTROLS_ONE_LINE).test(value)) return 'control_chars';
  if (BIDI_CONTROLS.test(value)) return 'bidi_controls';
  return null;
}

/**
 * Adds the check to a string schema. The issue carries `params.reason` (a TextProblem), which
 * the server passes on in the error's details so the client can say it in the user's language.
 */
export function plainText<S extends z.ZodString>(schema: S, field: string, options: { multiline: boolean }): S {
  return schema.superRefine((value, ctx) => {
    const reason = textProblem(value, options.multiline);
    if (!reason) return;
    ctx.addIssue({
      code: 'custom',
      message:
        reason === 'control_chars'
          ? `${field} must not contain control characters${options.multiline ? ' (new lines and tabs are fine)' : ''}`
          : `${field} must not contain right-to-left override or isolate characters`,
      params: { reason },
    });
  }) as S;
}
