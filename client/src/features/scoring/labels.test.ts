import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { en } from '../../lib/locales/en.ts';
import { zhCN } from '../../lib/locales/zh-CN.ts';
import { DETECTOR_AREAS, duplicateEntryId, lacksExplanation, monthWord, sourceLabel } from './labels.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
});
const zh = () => i18n.getFixedT('zh-CN');
const english = () => i18n.getFixedT('en');

describe('"本月" only for the current month', () => {
  it.each([
    ['2026-11', '2026-11', '本月', 'this month'],
    ['2026-10', '2026-11', '2026年10月', '2026-10'],
    ['2025-12', '2026-01', '2025年12月', '2025-12'],
  ])('%s seen in %s', (month, current, chinese, word) => {
    expect(monthWord(month, current, zh())).toBe(chinese);
    expect(monthWord(month, current, english())).toBe(word);
  });

  it('the month page’s entries heading names a past month', () => {
    expect(zh()('scoring.monthEntries', { when: monthWord('2026-10', '2026-11', zh()) })).toBe('2026年10月记录');
    expect(zh()('scoring.monthEntries', { when: monthWord('2026-11', '2026-11', zh()) })).toBe('本月记录');
  });
});

describe('detector names in the reader’s language', () => {
  it.each([
    ['orders.r01', '自动发现（订单）', 'Detector (orders)'],
    ['chat.g09', '自动发现（聊天）', 'Detector (chat)'],
    ['roster.g14', '自动发现（排班）', 'Detector (roster)'],
    ['disputes.a08', '自动发现（退款维权）', 'Detector (disputes)'],
    ['correction', '更正', 'Correction'],
    ['somewhere.new', '自动发现', 'Detector'],
  ])('%s', (source, chinese, english_) => {
    expect(sourceLabel(source, zh())).toBe(chinese);
    expect(sourceLabel(source, english())).toBe(english_);
  });

  it('every area has a Chinese name, and no detector code reaches the screen', () => {
    for (const area of DETECTOR_AREAS) {
      const label = sourceLabel(`${area}.x01`, zh());
      expect(label).not.toMatch(/[a-z]/i);
    }
  });
});

describe('the entry form’s questions', () => {
  it('"record again?" only for a 409 duplicate_entry with the earlier entry', () => {
    expect(duplicateEntryId(new ApiError(409, 'conflict', 'An identical entry…', { reason: 'duplicate_entry', entryId: 41 }))).toBe(41);
    expect(duplicateEntryId(new ApiError(409, 'conflict', 'locked', { reason: 'month_submitted' }))).toBeNull();
    expect(duplicateEntryId(new ApiError(400, 'invalid', 'x', { reason: 'duplicate_entry', entryId: 41 }))).toBeNull();
    expect(duplicateEntryId(new Error('network'))).toBeNull();
  });

  it.each([
    [[], '', true],
    [[], '   ', true],
    [[{ id: ' ' }], '', true],
    [[{ id: '12:3' }], '', false],
    [[], '客户投诉', false],
  ])('evidence %j and note %j: a note is needed → %s', (evidence, note, needed) => {
    expect(lacksExplanation(evidence, note)).toBe(needed);
  });
});
