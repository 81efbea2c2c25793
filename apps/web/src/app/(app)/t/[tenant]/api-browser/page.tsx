import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ApiBrowserPage } from '../../../../../api-browser/api-browser-page';

export const metadata: Metadata = { title: 'Proxmox API' };

export default function Page() {
  // The server and the path are read from the address, which a static render does not have.
  return (
    <Suspense fallback={<div className="loading" aria-busy="true" />}>
      <ApiBrowserPage />
    </Suspense>
  );
}
