import { ERROR_CODES, ERROR_REASONS, ISSUE_REASONS } from '@kefu/shared/errors';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeError, describeRowProblems } from './error-message.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false });
});

const LANGS = ['zh-CN', 'en'] as const;
const tIn = (lng: (typeof LANGS)[number]) => i18n.getFixedT(lng);
/** A Chinese screen shows no English sentence: at most a code-like word (a username, a month). */
const looksEnglish = (text: string) => /[A-Za-z]{3,}\s+[A-Za-z]{3,}/.test(text);
const params = { month: '2026-10', value: 'presale1', employedFrom: '2026-03-15', proposals: 2, balanceFen: 182000, field: 'displayName', retryAfterSeconds: 2, retryAfterMinutes: 15, status: 'printed', orderStatus: 'paid', megabytes: 5, maximum: 10, slipNo: 'TH20261129-001', caseId: 12, day: '2026-10-05', max: 3, count: 2, missing: '条款、时间', entryId: 41, parcelId: 7 };

describe('every error in both languages', () => {
  it.each(LANGS.flatMap((lng) => ERROR_CODES.map((code) => [lng, code] as const)))('%s has a title for %s', (lng, code) => {
    expect(i18n.exists(`errors.${code}`, { lng })).toBe(true);
    const { title, detail } = describeError(code, 'The server said something in English', {}, tIn(lng), lng);
    expect(title).not.toBe(`errors.${code}`);
    if (lng === 'zh-CN') expect(detail).toBe('');
  });

  it.each(LANGS.flatMap((lng) => ERROR_REASONS.map((reason) => [lng, reason] as const)))('%s words the reason %s, never the server’s sentence', (lng, reason) => {
    expect(i18n.exists(`errors.reasons.${reason}`, { lng })).toBe(true);
    const { detail } = describeError('conflict', 'The server said something in English', { reason, ...params }, tIn(lng), lng);
    expect(detail).not.toContain('The server said');
    expect(detail).not.toMatch(/{{|}}/);
    if (lng === 'zh-CN') expect(looksEnglish(detail)).toBe(false);
  });

  it.each(LANGS.flatMap((lng) => ISSUE_REASONS.map((reason) => [lng, reason] as const)))('%s words the validation issue %s with the field', (lng, reason) => {
    expect(i18n.exists(`errors.issues.${reason}`, { lng })).toBe(true);
    const { detail } = describeError('invalid', 'Invalid body: displayName: Too big', { issues: [{ path: 'displayName', message: 'Too big', reason, maximum: 32, minimum: 1 }] }, tIn(lng), lng);
    expect(detail).not.toMatch(/{{|}}|Invalid body/);
    if (lng === 'zh-CN') expect(looksEnglish(detail)).toBe(false);
  });
});

describe('what the issue’s walkthrough saw', () => {
  it.each([
    ['zh-CN', 'conflict', 'The username presale1 is taken', { field: 'username', reason: 'taken', value: 'presale1' }, '操作冲突', '用户名 presale1 已被使用'],
    ['zh-CN', 'invalid', 'Invalid body: displayName: Too big: expected string to have <=32 characters', { issues: [{ path: 'displayName', message: 'Too big', reason: 'too_big', maximum: 32, unit: 'chars' }] }, '输入有误', '姓名最多 32 个字'],
    ['zh-CN', 'conflict', 'The activity fund holds 182000 fen; …', { balanceFen: 182000, reason: 'fund_balance' }, '操作冲突', '活动经费余额只有 ¥1,820.00，支出不能超过余额'],
    ['en', 'invalid', 'Invalid body: displayName: Too big', { issues: [{ path: 'displayName', message: 'Too big', reason: 'too_big', maximum: 32, unit: 'chars' }] }, 'Invalid input', 'Name may have at most 32 characters'],
    ['en', 'internal', 'Something broke', undefined, 'Server error', 'Something broke'],
  ] as const)('%s: %s “%s”', (lng, code, message, details, title, detail) => {
    expect(describeError(code, message, details, tIn(lng), lng)).toEqual({ title, detail });
  });
});

describe('an import’s refused rows, one sentence per line', () => {
  const details = {
    reason: 'rows_invalid',
    count: 3,
    rows: [
      { line: 3, reason: 'unknown_staff', field: 'staffId', name: '王小二' },
      { line: 4, issues: [{ path: 'occurredAt', message: '"8月8日" must look like 2026-10-05 14:30', reason: 'invalid_format' }] },
      { line: 8, reason: 'future', field: 'occurredAt' },
    ],
  };
  it.each([
    ['zh-CN', ['第 3 行：找不到该员工', '第 4 行：发生时间格式不对', '第 8 行：']],
    ['en', ['Line 3: ', 'Line 4: ', 'Line 8: ']],
  ] as const)('%s', (lng, starts) => {
    const lines = describeRowProblems(details, tIn(lng));
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => expect(line.startsWith(starts[i]!)).toBe(true));
    for (const line of lines) expect(line).not.toMatch(/{{|}}|must look like/);
    if (lng === 'zh-CN') for (const line of lines) expect(looksEnglish(line)).toBe(false);
  });
});
