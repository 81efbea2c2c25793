import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, formatCsvRow, parseCsv } from './csv.util.js';

describe('parseCsv', () => {
  it('reads the seed example with empty trailing fields', () => {
    const text = 'name,host,port\nProduction,pve1.company.com,8006\nDevelopment,192.168.1.100,\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'host', 'port'] },
      { line: 2, fields: ['Production', 'pve1.company.com', '8006'] },
      { line: 3, fields: ['Development', '192.168.1.100', ''] },
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
