import { Controller, Injectable } from '@nestjs/common';
import { DEFAULT_EGRESS_POLICY, EgressRpc, NexusError, egressDenial, type EgressPolicy, type EgressPolicyView, type RequestMeta } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { RpcHandler, RpcMeta, RpcPayload, requireTenant } from '@pve-nexus/messaging';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork, type Tx } from '../db/unit-of-work.repository.js';
import { EgressPolicyRepository } from './egress-policy.repository.js';

/**
 * The installation's egress policy for server addresses: link-local and the product's own ports on
 * loopback are refused by default; a global admin may change that. Checked here on create, update and
 * CSV import (addresses as typed), and by the executor's dialer on what names resolve to.
 */
@Injectable()
export class EgressPolicyService {
  constructor(
    private readonly policies: EgressPolicyRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
  ) {}

  async view(meta: RequestMeta): Promise<EgressPolicyView> {
    authorize(meta.actor, 'egress.read');
    return this.read();
  }

  async replace(policy: EgressPolicy, meta: RequestMeta): Promise<EgressPolicyView> {
    authorize(meta.actor, 'egress.write');
    const updatedBy = meta.actor.type === 'user' ? meta.actor.userId : meta.actor.type === 'api-key' ? meta.actor.apiKeyId : meta.actor.type;
    const next = {
      denyLinkLocal: policy.denyLinkLocal,
      deniedLoopbackPorts: [...policy.deniedLoopbackPorts].sort((a, b) => a - b),
      deniedRanges: [...new Set(policy.deniedRanges)],
      allowedRanges: [...new Set(policy.allowedRanges)],
    };
    await this.uow.run(async (tx) => {
      const previous = await this.current(tx);
      await this.policies.save(tx, { ...next, updatedBy });
      await this.audit.append(
        { tenantId: null, actor: meta.actor, action: 'egress.update', outcome: 'success', targetType: 'egress-policy', targetId: '1', requestId: meta.requestId, details: { previous, next } },
        tx,
      );
    });
    return this.read();
  }

  /** The policy a connection test of the caller's tenant dials under. */
  async effective(meta: RequestMeta): Promise<EgressPolicy> {
    authorize(meta.actor, 'server.write', { tenantId: requireTenant(meta) });
    return this.current();
  }

  async current(tx?: Tx): Promise<EgressPolicy> {
    const row = await this.policies.find(tx);
    return row ? { denyLinkLocal: row.denyLinkLocal, deniedLoopbackPorts: row.deniedLoopbackPorts, deniedRanges: row.deniedRanges, allowedRanges: row.allowedRanges } : DEFAULT_EGRESS_POLICY;
  }

  /** Refuses addresses the policy denies, naming the fields as the form (or CSV column) shows them. */
  async check(servers: readonly EgressTarget[], tx?: Tx): Promise<void> {
    const policy = await this.current(tx);
    const problems = servers.flatMap((server) => egressProblems(policy, server));
    if (problems.length > 0) throw new NexusError('VALIDATION', 'Address not allowed by the egress policy', problems);
  }

  /** The problems of one server's addresses (for a CSV report). */
  problems(policy: EgressPolicy, server: EgressTarget): { path: string; message: string }[] {
    return egressProblems(policy, server);
  }

  private async read(): Promise<EgressPolicyView> {
    const row = await this.policies.find();
    if (!row) return { ...DEFAULT_EGRESS_POLICY, updatedAt: null };
    return { denyLinkLocal: row.denyLinkLocal, deniedLoopbackPorts: row.deniedLoopbackPorts, deniedRanges: row.deniedRanges, allowedRanges: row.allowedRanges, updatedAt: row.updatedAt.toISOString() };
  }
}

export interface EgressTarget {
  host: string;
  port: number;
  useTailscale: boolean;
  tailscaleHostname: string | null;
  tailscalePort: number;
}

function egressProblems(policy: EgressPolicy, server: EgressTarget): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const direct = egressDenial(policy, server.host, server.port);
  if (direct) problems.push({ path: 'host', message: direct });
  const tailnet = server.useTailscale && server.tailscaleHostname ? egressDenial(policy, server.tailscaleHostname, server.tailscalePort) : null;
  if (tailnet) problems.push({ path: 'tailscaleHostname', message: tailnet });
  return problems;
}

@Controller()
export class EgressPolicyController {
  constructor(private readonly egress: EgressPolicyService) {}

  @RpcHandler(EgressRpc.get)
  get(@RpcMeta() meta: RequestMeta) {
    return this.egress.view(meta);
  }

  @RpcHandler(EgressRpc.put)
  put(@RpcPayload() policy: EgressPolicy, @RpcMeta() meta: RequestMeta) {
    return this.egress.replace(policy, meta);
  }

  @RpcHandler(EgressRpc.effective)
  effective(@RpcMeta() meta: RequestMeta) {
    return this.egress.effective(meta);
  }
}
