import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CsvSyntaxError, escapeCsvCell, formatCsvRow, parseCsv, unescapeCsvCell } from './csv.util.js';

describe('parseCsv', () => {
  it('reads the seed example with empty trailing fields', () => {
    const text = 'name,host,port\nProduction,pve1.company.com,8006\nDevelopment,127.0.0.100,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'host', 'port'] },
      { line: 2, fields: ['Production', 'pve1.company.com', '8006'] },
      { line: 3, fields: ['Development', '127.0.0.100', ''] },
    ]);
  });

  it('handles a BOM, CRLF, quoted commas, doubled quotes and line breaks inside quotes', () => {
    const text = '\uFEFFname,note\r\n"Lab, rack 2","say ""hi"""\r\n"multi\nline",x\r\n\r\nlast,y';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Lab, rack 2', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'x'] },
      { line: 6, fields: ['last', 'y'] },
    ]);
  });

  it('names the line of a syntax error', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nx"y,1\n')).toThrow(expect.objectContaining({ line: 2 }));
  });

  it('round-trips what it writes', () => {
    const row = ['a,b', 'say "x"', 'two\nlines', 8006, true, null];
    expect(parseCsv(formatCsvRow(row))[0]?.fields).toEqual(['a,b', 'say "x"', 'two\nlines', '8006', 'true', '']);
  });
});

describe('CSV injection escaping (OWASP)', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', "'=quoted"])('escapes %j on export and restores it on import', (text) => {
    const escaped = escapeCsvCell(text);
    expect(escaped).toBe(`'${text}`);
    expect(unescapeCsvCell(escaped)).toBe(text);
  });

  it('leaves other cells, and a hand-written leading quote, alone', () => {
    expect(escapeCsvCell('pve1')).toBe('pve1');
    expect(unescapeCsvCell("'pve1")).toBe("'pve1");
    expect(formatCsvRow(['=HYPERLINK("x")', 8006, null])).toBe(`"'=HYPERLINK(""x"")",8006,`);
  });

  it('round-trips any row through export and import', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 8 }), (row) => {
        const text = `${formatCsvRow(row)}\r\n`;
        const parsed = parseCsv(text);
        if (row.length === 1 && row[0] === '') return expect(parsed).toEqual([]);
        expect(parsed.map((record) => record.fields.map(unescapeCsvCell))).toEqual([row]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but a CsvSyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        try {
          parseCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
