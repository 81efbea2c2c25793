import type { Metadata } from 'next';
import { ConsolePage } from '../../../../../../../../../../../console/console-page';
import { parseConsoleTarget } from '../../../../../../../../../../../console/console-target.util';

export const metadata: Metadata = { title: 'Console' };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ serverId: string; node: string; vmid: string }>;
  searchParams: Promise<{ type?: string | string[]; protocol?: string | string[] }>;
}) {
  const [path, query] = await Promise.all([params, searchParams]);
  return <ConsolePage target={parseConsoleTarget(path, query)} />;
}
