import type { Metadata } from 'next';
import { MyInvitations } from '../../invitations/my-invitations';
import { StatusBoard } from '../../status/status-board';

// The root layout's title template makes this `Status · PVE Nexus`.
export const metadata: Metadata = { title: 'Status' };

/** `/` is the status page until there is a dashboard to put here; invitations to tenants show above it. */
export default function StatusPage() {
  return (
    <>
      <MyInvitations />
      <StatusBoard />
    </>
  );
}
