import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeExport, detectEncoding, parseCsv } from './csv.ts';

const TEXT = '订单编号,收货地址\r\n1001,"浙江省杭州市西湖区文三路100号"\r\n';

describe('the encoding of an export', () => {
  it.each([
    ['GBK (Excel on Chinese Windows)', iconv.encode(TEXT, 'gbk'), 'gbk'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8'],
    ['UTF-8 without a BOM', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['plain ASCII', Buffer.from('a,b\n1,2\n'), 'utf-8'],
  ])('%s is detected and read back to the same text', (_name, bytes, encoding) => {
    expect(detectEncoding(bytes)).toBe(encoding);
    const decoded = decodeExport(bytes);
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text.startsWith('\uFEFF')).toBe(false);
    if (encoding !== 'utf-8' || bytes.length > 20) expect(decoded.text).toBe(TEXT);
  });

  it('reads rare characters of names in GBK exports (GB18030)', () => {
    const name = '张喆𠮷';
    expect(decodeExport(iconv.encode(`收货人姓名\n${name}\n`, 'gb18030')).text).toBe(`收货人姓名\n${name}\n`);
  });
});

describe('splitting rows and cells', () => {
  it.each<[string, string, { line: number; cells: string[] }[]]>([
    ['CRLF line ends', 'a,b\r\n1,2\r\n', [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', '2'] }]],
    ['LF line ends and no final newline', 'a,b\n1,2', [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', '2'] }]],
    ['a quoted comma', 'a\n"文三路100号,3幢"\n', [{ line: 1, cells: ['a'] }, { line: 2, cells: ['文三路100号,3幢'] }]],
    ['a quoted line break keeps the next row on its own file line', 'm,n\n"请发顺丰\r\n谢谢",x\ny,z\n', [{ line: 1, cells: ['m', 'n'] }, { line: 2, cells: ['请发顺丰\r\n谢谢', 'x'] }, { line: 4, cells: ['y', 'z'] }]],
    ['doubled quotes', '"他说""快点"""\n', [{ line: 1, cells: ['他说"快点"'] }]],
    ['the spreadsheet formula form stays for the cleaner', '"=""3921550016882001"""\n', [{ line: 1, cells: ['="3921550016882001"'] }]],
    ['empty cells and blank lines', 'a,,c\n\n\r\n,\n', [{ line: 1, cells: ['a', '', 'c'] }, { line: 4, cells: ['', ''] }]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});
