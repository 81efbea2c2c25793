/** One record of a CSV file and the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180: fields separated by commas, records by CRLF or LF, fields in double quotes may hold
 * commas, quotes (doubled) and line breaks. A leading UTF-8 BOM (Excel's) is ignored. Blank lines
 * are skipped. One pass, no regular expressions: 10,000 rows parse in milliseconds.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;

  const endField = () => {
    fields.push(field);
    field = '';
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < input.length; i += 1) {
    const char = input[i];
    if (inQuotes) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
        }
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field.length > 0 || quotedField) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      inQuotes = true;
      quotedField = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      if (quotedField) throw new CsvSyntaxError(line, 'text after a closing quote');
      field += char;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (field.length > 0 || fields.length > 0) endRecord();
  return records;
}

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV Injection"): those starting with `=`, `+`,
 * `-`, `@`, tab or CR. A leading `'` is in the set too, so that {@link unescapeCsvCell} can undo
 * exactly what {@link escapeCsvCell} did and an export/import round trip is lossless.
 */
const FORMULA_LEAD = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);

/** Prefixes a formula-leading cell with `'`, which spreadsheets show as text and do not evaluate. */
export function escapeCsvCell(text: string): string {
  return FORMULA_LEAD.has(text.charAt(0)) ? `'${text}` : text;
}

/** Undoes {@link escapeCsvCell}: a `'` is removed only before a character that caused it. */
export function unescapeCsvCell(text: string): string {
  return text.charAt(0) === "'" && FORMULA_LEAD.has(text.charAt(1)) ? text.slice(1) : text;
}

/** One CSV line, formula-leading cells escaped, quoting only fields that need it. */
export function formatCsvRow(values: (string | number | boolean | null)[]): string {
  return values
    .map((value) => {
      const text = value === null ? '' : typeof value === 'string' ? escapeCsvCell(value) : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}
