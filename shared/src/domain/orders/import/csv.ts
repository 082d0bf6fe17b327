/**
 * Reading the marketplace back office's CSV exports (docs/orders.md "Import"): the bytes
 * decoded (GBK or UTF-8, with or without BOM) and split into rows of cells. Pure: bytes in,
 * rows out.
 */
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'gbk';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Which encoding the export is in. A BOM says UTF-8; otherwise bytes that are valid UTF-8
 * are UTF-8 (GBK text with Chinese in it almost never is: its lead bytes 0x81–0xFE are
 * followed by bytes UTF-8 forbids there), and everything else is GBK — what the
 * marketplace's back office writes by default for Excel on Chinese Windows.
 */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** The text of an export; GBK is read as GB18030 (its superset), so rare characters in names survive. */
export function decodeExport(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const encoding = detectEncoding(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = encoding === 'utf-8' ? iconv.decode(buffer, 'utf-8', { stripBOM: true }) : iconv.decode(buffer, 'gb18030');
  return { text, encoding };
}

export interface CsvRow {
  /** The file line on which the row starts (1 is the header), as a spreadsheet would number it. */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 rows: fields in double quotes may hold commas, line breaks and doubled quotes;
 * lines end in CRLF or LF. Blank lines are skipped (the back office ends files with one).
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endField = () => {
    cells.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') continue;
    else if (c === '\n' || c === '\r') {
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (field !== '' || cells.length) endRow();
  return rows;
}
