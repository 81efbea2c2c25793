import type { Metadata } from 'next';
import { Suspense } from 'react';
import { GlobalAuditPage } from '../../../../audit/audit-pages';

export const metadata: Metadata = { title: 'Installation audit log' };

export default function Page() {
  return (
    // The log keeps its filters in the query string (useSearchParams).
    <Suspense>
      <GlobalAuditPage />
    </Suspense>
  );
}
