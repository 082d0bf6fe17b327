/**
 * Signed order notes (docs/orders.md "Notes"). The request carries the kind's fields only:
 * the text, the author and the date are the server's (session and clock), never the caller's.
 */
import { z } from 'zod';
import { plainText } from './text.ts';
import { NOTE_KINDS } from '../domain/orders/notes.ts';
import { AddressInput, TrackingNo } from './orders.ts';

// No control or bidi characters (issue 12): a short field is one line, a long one may have several.
const Text = (field: string, max: number) =>
  plainText(
    z
      .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
      .trim()
      .min(1, `${field} must not be empty`)
      .max(max, `${field} must have at most ${max} characters`),
    field,
    { multiline: max > 100 },
  );

/** POST /api/orders/:orderNo/notes. */
export const NewNote = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('attribute'), from: Text('from', 60), to: Text('to', 60) }),
    z.strictObject({ kind: z.literal('address'), address: AddressInput }),
    /** Courier, invoice title, greeting-card text, delivery time (售前 ④). */
    z.strictObject({ kind: z.literal('special'), request: Text('request', 200) }),
    z.strictObject({ kind: z.literal('after_print'), to: Text('to', 60) }),
    z.strictObject({ kind: z.literal('exchange_shipped'), trackingNo: TrackingNo }),
    /** Notes are never edited: a correction is a new note naming the one it corrects. */
    z.strictObject({ kind: z.literal('correction'), corrects: z.number({ error: () => 'corrects must be the id of the note corrected' }).int().positive(), text: Text('text', 300) }),
  ],
  { error: () => 'kind must be one of attribute, address, special, after_print, exchange_shipped, correction' },
);
export type NewNote = z.output<typeof NewNote>;

export const Note = z.object({
  id: z.number(),
  orderNo: z.string(),
  kind: z.enum(NOTE_KINDS),
  text: z.string(),
  /** The note this one corrects. */
  correctsId: z.number().nullable(),
  /** The change request it was written for. */
  changeId: z.number().nullable(),
  authorId: z.number(),
  authorName: z.string(),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;

export const NotesList = z.object({ notes: z.array(Note) });
export type NotesList = z.infer<typeof NotesList>;
