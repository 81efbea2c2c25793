import type { Metadata } from 'next';
import { StatusBoard } from '../../status/status-board';

// The root layout's title template makes this `Status · PVE Nexus`.
export const metadata: Metadata = { title: 'Status' };

/** `/` is the status page until there is a dashboard to put here. */
export default function StatusPage() {
  return <StatusBoard />;
}
