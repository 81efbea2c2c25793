// The configuration and policy of a loopback-only headscale (docs: /work/shared/TAILNET.md §2 and §5).

export interface HeadscalePorts {
  /** HTTP: control protocol, REST API (/api/v1), /health and the embedded DERP (/derp). */
  http: number;
  metrics: number;
  grpc: number;
  /** UDP: the embedded STUN server. */
  stun: number;
}

export interface HeadscaleConfigInput {
  /** Folder for headscale's keys, database and unix socket. */
  stateDir: string;
  ports: HeadscalePorts;
  baseDomain: string;
}

/** A tailnet policy (HuJSON without comments is plain JSON). */
export interface TailnetPolicy {
  acls?: Array<{ action: 'accept'; src: string[]; dst: string[] }>;
  tagOwners?: Record<string, string[]>;
  nodeAttrs?: Array<{ target: string[]; attr: string[] }>;
  [key: string]: unknown;
}

/**
 * Node attributes every lab policy carries: tailscaled must not probe controlplane.tailscale.com /
 * login.tailscale.com for captive portals, nor talk UPnP to a gateway (TAILNET.md §5).
 */
export const LOOPBACK_NODE_ATTRS = [{ target: ['*'], attr: ['disable-captive-portal-detection', 'disable-upnp'] }];

/** Allow everything between all nodes, plus the loopback node attributes; `tags` get the user as owner. */
export function allowAllPolicy(options: { user: string; tags?: string[] }): TailnetPolicy {
  const policy: TailnetPolicy = { acls: [{ action: 'accept', src: ['*'], dst: ['*:*'] }], nodeAttrs: LOOPBACK_NODE_ATTRS };
  if (options.tags?.length) policy.tagOwners = Object.fromEntries(options.tags.map((tag) => [tag, [`${options.user}@`]]));
  return policy;
}

/** A policy with the loopback node attributes added when it lacks them (so a test's deny-all keeps tailscaled on loopback). */
export function withLoopbackNodeAttrs(policy: TailnetPolicy): TailnetPolicy {
  const has = (policy.nodeAttrs ?? []).some((entry) => entry.attr.includes('disable-captive-portal-detection'));
  return has ? policy : { ...policy, nodeAttrs: [...(policy.nodeAttrs ?? []), ...LOOPBACK_NODE_ATTRS] };
}

const quote = (value: string) => JSON.stringify(value); // a YAML double-quoted scalar

/**
 * headscale's YAML configuration: everything on 127.0.0.1, embedded DERP (plain http) + STUN, no
 * default DERP map fetched from the internet, no update checks, no logtail, policy kept in the
 * database (seeded with `headscale policy set` before any node joins, changeable through the API).
 */
export function renderHeadscaleConfig({ stateDir, ports, baseDomain }: HeadscaleConfigInput): string {
  const file = (name: string) => quote(`${stateDir}/${name}`);
  return `server_url: http://127.0.0.1:${ports.http}
listen_addr: 127.0.0.1:${ports.http}
metrics_listen_addr: 127.0.0.1:${ports.metrics}
grpc_listen_addr: 127.0.0.1:${ports.grpc}
grpc_allow_insecure: false
noise:
  private_key_path: ${file('noise_private.key')}
prefixes:
  v4: 100.64.0.0/10
  v6: fd7a:115c:a1e0::/48
  allocation: sequential
derp:
  server:
    enabled: true
    region_id: 999
    region_code: headscale
    region_name: Headscale Embedded DERP
    verify_clients: true
    stun_listen_addr: 127.0.0.1:${ports.stun}
    private_key_path: ${file('derp_server_private.key')}
    automatically_add_embedded_derp_region: true
    ipv4: 127.0.0.1
    ipv6: none
  urls: []
  paths: []
  auto_update_enabled: false
  update_frequency: 24h
disable_check_updates: true
node:
  expiry: 0
database:
  type: sqlite
  sqlite:
    path: ${file('db.sqlite')}
    write_ahead_log: true
log:
  level: info
  format: text
policy:
  mode: database
dns:
  magic_dns: true
  base_domain: ${quote(baseDomain)}
  override_local_dns: false
  nameservers:
    global: []
    split: {}
  search_domains: []
  extra_records: []
unix_socket: ${file('headscale.sock')}
unix_socket_permission: "0770"
logtail:
  enabled: false
taildrop:
  enabled: false
`;
}
