import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { EgressRpc, ServerRpc, type ConnectionFailure, type ConnectionTestResult, type RequestMeta, type RpcRequestData, type ServerConnection, type TestedNode } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { BusClient, requireTenant } from '@pve-nexus/messaging';
import { ProxmoxAgents, ProxmoxClient, ProxmoxError, PveNode, PveVersion, type TlsPolicy } from '@pve-nexus/proxmox-client';
import type { TailnetAccess } from '@pve-nexus/reachability';

export const TAILNET_ACCESS = Symbol('TAILNET_ACCESS');

/**
 * "Test connection" for a stored server or an unsaved form (test-before-save): version, nodes with
 * their certificate fingerprints compared to the pins, latency, or the precise reason it failed.
 */
@Injectable()
export class ConnectionTestService {
  constructor(
    private readonly bus: BusClient,
    @Inject(TAILNET_ACCESS) private readonly access: TailnetAccess,
  ) {}

  async test(request: RpcRequestData<typeof ServerRpc.test>, meta: RequestMeta): Promise<ConnectionTestResult> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.write', { tenantId });
    const connection: ServerConnection =
      'serverId' in request
        ? await this.bus.request(ServerRpc.connection, { serverId: request.serverId, purpose: 'connection-test' }, meta)
        : { ...request.connection, egress: await this.bus.request(EgressRpc.effective, {}, meta) };
    // Pools of its own: a test may aim at anything typed into a form, and must not outlive the test.
    const agents = new ProxmoxAgents(this.access, 1);
    const policy = probePolicy(connection);
    const firstUse = policy.mode === 'probe' && !policy.refuseOtherThan;
    const client = new ProxmoxClient(connection, agents, policy, { firstUse });
    // A person is waiting: each call gets the connect timeout plus a little, not the usual margin.
    const call = { timeoutMs: connection.connectTimeoutMs + 2_000 };
    const started = performance.now();
    try {
      // First use: the endpoint's identity is not established, so it is probed without credentials
      // first; the token entered for it goes only to something that answers like Proxmox.
      if (firstUse) {
        const probe = await client.probeEndpoint(call);
        if (!probe.looksLikeProxmox) {
          const where = `${client.endpoint.host}:${client.endpoint.port}`;
          return { ok: false, endpoint: client.endpoint, latencyMs: elapsed(started), reason: 'protocol', message: `${where} answered, but not as a Proxmox VE API`, presentedFingerprint: probe.presentedFingerprint };
        }
      }
      const version = await client.get('/version', PveVersion, call);
      const latencyMs = elapsed(started);
      const nodes = await client.get('/nodes', z.array(PveNode), call);
      return {
        ok: true,
        endpoint: client.endpoint,
        latencyMs,
        version: version.version,
        release: version.release,
        nodes: nodes.map((node) => testedNode(node, connection)),
        presentedFingerprint: client.presentedFingerprint,
      };
    } catch (error) {
      if (!(error instanceof ProxmoxError)) throw error;
      const { reason, message } = toldToCaller(error, client.endpoint);
      return {
        ok: false,
        endpoint: client.endpoint,
        latencyMs: elapsed(started),
        reason,
        message,
        presentedFingerprint: error.presentedFingerprint ?? client.presentedFingerprint,
      };
    } finally {
      await agents.close(true);
    }
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

const UNREACHABLE: readonly ConnectionFailure[] = ['refused', 'unreachable', 'timeout', 'tls'];

/**
 * What a test tells its caller: enough for a legitimate user (cannot reach a Proxmox API there, a
 * certificate to accept, a token refused, not a Proxmox answer, a name that does not resolve, the
 * egress policy), but no port scan of someone else's network: closed, filtered, slow and non-TLS
 * ports all read the same.
 */
function toldToCaller(error: ProxmoxError, endpoint: { host: string; port: number }): { reason: ConnectionFailure; message: string } {
  const where = `${endpoint.host}:${endpoint.port}`;
  if (error.message.includes('egress policy')) return { reason: 'unreachable', message: error.message };
  // A certificate the CA store refuses was presented: a TLS server is there, the user must act on it.
  if (error.reason === 'tls' && /CERT|SIGNATURE|ALTNAME|ISSUER/.test(error.message)) return { reason: 'tls', message: `${where}: the certificate is not trusted (${error.message.replace(/^TLS: /, '')})` };
  if (UNREACHABLE.includes(error.reason)) return { reason: 'unreachable', message: `could not reach a Proxmox API at ${where}` };
  if (error.reason === 'protocol' || error.reason === 'http-error') return { reason: 'protocol', message: `${where} answered, but not as a Proxmox VE API` };
  return { reason: error.reason, message: error.message };
}

/**
 * A test accepts an unknown certificate to show its fingerprint (trust on first use), but once
 * fingerprints are pinned a different certificate is refused before the token is sent.
 */
function probePolicy(connection: ServerConnection): TlsPolicy {
  if (connection.tlsTrust === 'ca') return { mode: 'ca' };
  const pinned = connection.pins.map((pin) => pin.fingerprint);
  return pinned.length > 0 ? { mode: 'probe', refuseOtherThan: pinned } : { mode: 'probe' };
}

function testedNode(node: z.infer<typeof PveNode>, connection: ServerConnection): TestedNode {
  const fingerprint = node.ssl_fingerprint?.toUpperCase() ?? null;
  const pinned = connection.pins.find((pin) => pin.node === node.node)?.fingerprint;
  const pin = connection.tlsTrust === 'ca' ? 'not-pinned' : !pinned ? 'new' : pinned === fingerprint ? 'match' : 'changed';
  return { node: node.node, online: node.status === 'online', fingerprint, pin };
}
