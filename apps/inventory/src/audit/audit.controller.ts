import { Controller } from '@nestjs/common';
import { AuditRpc, type AuditPage, type AuditVerifyReport, type RequestMeta } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { AuditService, type AuditAppendInput, type AuditQueryInput } from './audit.service.js';

/** The audit log on the bus: `inventory.audit.append`, `.query` and `.verify`. */
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @RpcHandler(AuditRpc.append)
  append(@RpcPayload() request: AuditAppendInput, @RpcMeta() meta: RequestMeta): Promise<{ id: string }> {
    return this.audit.append(request, meta);
  }

  @RpcHandler(AuditRpc.query)
  query(@RpcPayload() query: AuditQueryInput, @RpcMeta() meta: RequestMeta): Promise<AuditPage> {
    return this.audit.query(query, meta);
  }

  @RpcHandler(AuditRpc.verify)
  verify(@RpcMeta() meta: RequestMeta): Promise<AuditVerifyReport> {
    return this.audit.verify(meta);
  }
}
