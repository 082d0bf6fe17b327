import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AlertDone } from './alerts.ts';
import { ChangeIdParams, NewChange } from './changes.ts';
import { CallbackRecord, Handover, NewComplaint } from './complaints.ts';
import { NewNote } from './notes.ts';
import { BuyerMessage } from './orders.ts';
import { CallbackDone, SurveyAnswer } from './satisfaction.ts';

const RLO = '\u202E';

/** Every free-text field people type into the order, alert, complaint and survey forms (issue 12 #12). */
const CASES: Array<[string, z.ZodType, Record<string, unknown>, string]> = [
  ['a note’s special request', NewNote, { kind: 'special', request: `客户要求发顺丰${RLO}` }, 'request'],
  ['a correcting note', NewNote, { kind: 'correction', corrects: 1, text: 'nul\u0000' }, 'text'],
  ['an attribute note', NewNote, { kind: 'attribute', from: `黑色37${RLO}`, to: '黑色38' }, 'from'],
  ['a change’s special request', NewChange, { kind: 'special', request: `开发票${RLO}`, version: 1 }, 'request'],
  ['a cancellation reason', NewChange, { kind: 'cancel', reason: 'bell\u0007', version: 1 }, 'reason'],
  ['a printer’s reply', AlertDone, { reply: `已改${RLO}` }, 'reply'],
  ['a complaint’s description', NewComplaint, { source: 'call', buyerId: 'tb_a', category: 'other', severity: 'low', handlerId: 1, description: `投诉${RLO}` }, 'description'],
  ['a hand-over note', Handover, { version: 1, toStaffId: 2, note: `交接${RLO}` }, 'note'],
  ['a complaint call-back', CallbackRecord, { version: 1, answer: `满意${RLO}`, satisfied: true }, 'answer'],
  ['a survey comment', SurveyAnswer, { conversationId: 1, score: 5, comment: `很好${RLO}` }, 'comment'],
  ['a rating call-back', CallbackDone, { version: 1, answer: `已回访${RLO}` }, 'answer'],
];

describe('free text refuses control and bidi characters wherever people type', () => {
  it.each(CASES)('%s', (_name, schema, input, field) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((one) => one.path.includes(field));
    expect(issue?.code).toBe('custom');
    expect((issue as { params?: { reason?: string } }).params?.reason).toMatch(/^(control_chars|bidi_controls)$/);
  });

  it('keeps accepting what a person really writes, new lines included where text is long', () => {
    expect(NewChange.safeParse({ kind: 'cancel', reason: '买家不要了\n已电话确认', version: 1 }).success).toBe(true);
    expect(AlertDone.safeParse({ reply: '已改好发货单和快递单' }).success).toBe(true);
    // 买家留言 as buyers type it and the back office exports it (a quoted field with a line break).
    expect(BuyerMessage.safeParse('请发顺丰,谢谢\n周末不在家').success).toBe(true);
    expect(BuyerMessage.safeParse(`请发顺丰${RLO}`).success).toBe(false);
  });
});

describe('change ids in the path', () => {
  it.each([' 1', '0x10', '1e3', '01', '１'])('%j is refused', (id) => {
    expect(ChangeIdParams.safeParse({ orderNo: 'A1', id }).success).toBe(false);
  });

  it('takes plain digits', () => {
    expect(ChangeIdParams.parse({ orderNo: 'A1', id: '12' }).id).toBe(12);
  });
});
