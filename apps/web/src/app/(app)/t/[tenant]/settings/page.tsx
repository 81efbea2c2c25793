import { redirect } from 'next/navigation';

/** Settings has one section so far: Connectivity. */
export default async function Page({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  redirect(`/t/${encodeURIComponent(tenant)}/settings/connectivity`);
}
