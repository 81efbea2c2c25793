import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TenantAuditPage } from '../../../../../audit/audit-pages';

export const metadata: Metadata = { title: 'Audit log' };

export default function Page() {
  return (
    // The log keeps its filters in the query string (useSearchParams).
    <Suspense>
      <TenantAuditPage />
    </Suspense>
  );
}
