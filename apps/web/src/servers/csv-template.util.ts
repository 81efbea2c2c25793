/** The columns the import takes and the export writes, in this order. */
export const CSV_COLUMNS = ['name', 'host', 'port', 'api_token', 'verify_ssl', 'use_tailscale', 'tailscale_hostname', 'tailscale_port'] as const;

/** A file to start from: the header and the two example rows of the import's specification. */
export const CSV_TEMPLATE = [
  CSV_COLUMNS.join(','),
  'Production,pve1.company.com,8006,user@realm!token=uuid,true,true,pve.tailnet.ts.net,8006',
  'Development,192.168.1.100,8006,dev@pam!token=uuid,false,false,,',
  '',
].join('\r\n');

/** The template as a link target that downloads without a round trip. */
export const CSV_TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(CSV_TEMPLATE)}`;

/** What each column holds, for the import dialog. */
export const CSV_COLUMN_HINTS: Record<(typeof CSV_COLUMNS)[number], string> = {
  name: 'unique in the tenant',
  host: 'host name or IP address',
  port: 'default 8006',
  api_token: 'USER@REALM!TOKENID=SECRET',
  verify_ssl: 'true: verify against CAs; false: trust on first use',
  use_tailscale: 'true or false',
  tailscale_hostname: 'MagicDNS name or 100.x.y.z, when use_tailscale',
  tailscale_port: 'default 8006',
};

/** `servers-demo-2026-03-12.csv`: the tenant and the day, so several exports do not overwrite each other. */
export function exportFileName(tenantSlug: string, now: Date = new Date()): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `servers-${tenantSlug}-${day}.csv`;
}

/** Saves `text` as a file through a temporary object URL (the export needs the bearer token, so no plain link). */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
