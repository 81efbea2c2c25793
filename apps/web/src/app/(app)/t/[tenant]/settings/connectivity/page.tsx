import type { Metadata } from 'next';
import { ConnectivityPage } from '../../../../../../connectivity/connectivity-page';

export const metadata: Metadata = { title: 'Connectivity' };

export default function Page() {
  return <ConnectivityPage />;
}
