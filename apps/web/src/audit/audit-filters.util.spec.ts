import { describe, expect, it } from '@jest/globals';
import { filtersFromSearch, filtersToSearch, NO_FILTERS, toQuery } from './audit-filters.util';

describe('audit filters', () => {
  it('round-trips through the URL and leaves empty filters out', () => {
    const filters = { ...NO_FILTERS, action: 'member.*', outcome: 'success' as const, from: '2026-01-01T00:00:00.000Z' };
    const search = filtersToSearch(filters);
    expect(search).toBe('action=member.*&outcome=success&from=2026-01-01T00%3A00%3A00.000Z');
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual(filters);
  });

  it('ignores an outcome the API does not know', () => {
    expect(filtersFromSearch(new URLSearchParams('outcome=maybe')).outcome).toBe('');
  });

  it('sends only the filters that are set, trimmed', () => {
    expect(toQuery({ ...NO_FILTERS, action: ' user.login ', actorId: '' })).toEqual({ action: 'user.login' });
  });
});
