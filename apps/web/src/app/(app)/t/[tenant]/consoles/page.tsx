import type { Metadata } from 'next';
import { ConsoleSessionsPage } from '../../../../../console-sessions/console-sessions-page';

export const metadata: Metadata = { title: 'Live consoles' };

export default function Page() {
  return <ConsoleSessionsPage />;
}
