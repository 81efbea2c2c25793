import type { Metadata } from 'next';
import { StatusBoard } from '../status/status-board';

// Spelled out: the layout's title template applies to child segments, and this page shares the root one.
export const metadata: Metadata = { title: 'Status · PVE Nexus' };

/** `/` is the status page until there is a dashboard to put here. */
export default function StatusPage() {
  return <StatusBoard />;
}
