import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importEvidence, importInstant, readEntriesCsv } from './import.ts';

const TZ = 'Asia/Shanghai';
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('importInstant: shop wall time → instant', () => {
  it.each<[string, string | null]>([
    ['2026-10-05 14:30', '2026-10-05T06:30:00.000Z'],
    ['2026-10-05T14:30:15', '2026-10-05T06:30:00.000Z'],
    ['2026/10/05 9:05', '2026-10-05T01:05:00.000Z'],
    ['2026-10-05', '2026-10-05T04:00:00.000Z'],
    ['2026-10-01 00:10', '2026-09-30T16:10:00.000Z'],
    ['2026-02-30', null],
    ['2026-10-05 24:00', null],
    ['5 Oct 2026', null],
    ['', null],
  ])('%s → %s', (text, iso) => {
    expect(importInstant(text, TZ)).toBe(iso);
  });
});

describe('importEvidence', () => {
  it.each<[string, unknown]>([
    ['chat:12:34', { evidence: [{ kind: 'chat', id: '12:34' }] }],
    ['chat:12; order：3921550016882001', { evidence: [{ kind: 'chat', id: '12' }, { kind: 'order', id: '3921550016882001' }] }],
    ['Other:纸质记录', { evidence: [{ kind: 'other', id: '纸质记录' }] }],
    ['12', { issue: expect.objectContaining({ path: 'evidence', reason: 'invalid_format' }) }],
    ['chat:', { issue: expect.objectContaining({ path: 'evidence' }) }],
  ])('%s', (text, read) => {
    expect(importEvidence(text)).toEqual(read);
  });
});

describe('readEntriesCsv', () => {
  const HEADER = '员工,条款,时间,分数,金额(元),证据,备注';
  it('reads UTF-8 with a BOM and GBK alike, a row per line, with the file line numbers', () => {
    const text = `${HEADER}\r\n李娜,g05,2026-10-05 14:30,,,chat:12:34,回复慢\r\npresale2,G06,2026-10-06,5,,,"好建议, 采纳"\r\n赵静,A04,2026-10-07 10:00,,12.5,,\r\n`;
    for (const bytes of [new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), new Uint8Array(iconv.encode(text, 'gbk'))]) {
      const read = readEntriesCsv(bytes, TZ);
      expect(read).toEqual({
        ok: true,
        problems: [],
        rows: [
          { line: 2, staff: '李娜', body: { rule: 'G05', occurredAt: '2026-10-05T06:30:00.000Z', evidence: [{ kind: 'chat', id: '12:34' }], note: '回复慢' } },
          { line: 3, staff: 'presale2', body: { rule: 'G06', occurredAt: '2026-10-06T04:00:00.000Z', points: 5, note: '好建议, 采纳' } },
          { line: 4, staff: '赵静', body: { rule: 'A04', occurredAt: '2026-10-07T02:00:00.000Z', amountFen: 1250 } },
        ],
      });
    }
  });

  it('English headers in any order; blank lines skipped', () => {
    const read = readEntriesCsv(utf8('note,occurredAt,rule,staff\n\n备注,2026-10-05 08:00,G05,presale1\n'), TZ);
    expect(read).toMatchObject({ ok: true, rows: [{ line: 3, staff: 'presale1', body: { rule: 'G05', note: '备注' } }] });
  });

  it.each<[string, string, unknown]>([
    ['a missing person and an unreadable date', `${HEADER}\n,G05,10月5日,,,,`, [{ line: 2, issues: [expect.objectContaining({ path: 'staffId', reason: 'required' }), expect.objectContaining({ path: 'occurredAt', reason: 'invalid_format' })] }]],
    ['points that are not a whole number', `${HEADER}\n李娜,G06,2026-10-05,2.5,,,`, [{ line: 2, issues: [expect.objectContaining({ path: 'points', reason: 'invalid_type' })] }]],
    ['money with three decimals', `${HEADER}\n李娜,A04,2026-10-05,,1.234,,`, [{ line: 2, issues: [expect.objectContaining({ path: 'amountFen', reason: 'invalid_type' })] }]],
  ])('reports %s on its line', (_, text, problems) => {
    const read = readEntriesCsv(utf8(text), TZ);
    expect(read).toMatchObject({ ok: true, rows: [], problems });
  });

  it.each<[string, string, unknown]>([
    ['an empty file', '', { ok: false, reason: 'import_empty' }],
    ['a header alone', HEADER, { ok: false, reason: 'import_empty' }],
    ['a header without the rule and the time', '员工,备注\n李娜,x', { ok: false, reason: 'import_header', missing: ['条款', '时间'] }],
    ['more than 500 rows', `${HEADER}\n${'李娜,G05,2026-10-05,,,,\n'.repeat(501)}`, { ok: false, reason: 'import_too_many' }],
  ])('refuses %s as a whole', (_, text, read) => {
    expect(readEntriesCsv(utf8(text), TZ)).toEqual(read);
  });
});
