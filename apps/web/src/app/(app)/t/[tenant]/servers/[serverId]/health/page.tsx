import type { Metadata } from 'next';
import { ServerHealthPage } from '../../../../../../../health/server-health-page';

export const metadata: Metadata = { title: 'Server health' };

export default async function Page({ params }: { params: Promise<{ serverId: string }> }) {
  const { serverId } = await params;
  return <ServerHealthPage serverId={serverId} />;
}
