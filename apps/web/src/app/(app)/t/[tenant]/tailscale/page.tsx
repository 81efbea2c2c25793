import type { Metadata } from 'next';
import { DiscoveryPage } from '../../../../../tailscale/discovery-page';

export const metadata: Metadata = { title: 'Tailscale devices' };

export default function Page() {
  return <DiscoveryPage />;
}
