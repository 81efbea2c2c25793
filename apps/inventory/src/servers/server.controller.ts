import { Controller } from '@nestjs/common';
import { ServerRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { ServerCsvService } from './server-csv.service.js';
import { ServerService } from './server.service.js';

@Controller()
export class ServerController {
  constructor(
    private readonly servers: ServerService,
    private readonly csv: ServerCsvService,
  ) {}

  @RpcHandler(ServerRpc.list)
  list(@RpcPayload() req: RpcRequestData<typeof ServerRpc.list>, @RpcMeta() meta: RequestMeta) {
    return this.servers.list(req, meta);
  }

  @RpcHandler(ServerRpc.get)
  get(@RpcPayload() req: RpcRequestData<typeof ServerRpc.get>, @RpcMeta() meta: RequestMeta) {
    return this.servers.get(req.serverId, meta);
  }

  @RpcHandler(ServerRpc.create)
  create(@RpcPayload() req: RpcRequestData<typeof ServerRpc.create>, @RpcMeta() meta: RequestMeta) {
    return this.servers.create(req, meta);
  }

  @RpcHandler(ServerRpc.update)
  update(@RpcPayload() req: RpcRequestData<typeof ServerRpc.update>, @RpcMeta() meta: RequestMeta) {
    return this.servers.update(req, meta);
  }

  @RpcHandler(ServerRpc.delete)
  delete(@RpcPayload() req: RpcRequestData<typeof ServerRpc.delete>, @RpcMeta() meta: RequestMeta) {
    return this.servers.delete(req.serverId, meta);
  }

  @RpcHandler(ServerRpc.acceptFingerprints)
  acceptFingerprints(@RpcPayload() req: RpcRequestData<typeof ServerRpc.acceptFingerprints>, @RpcMeta() meta: RequestMeta) {
    return this.servers.acceptFingerprints(req, meta);
  }

  @RpcHandler(ServerRpc.connection)
  connection(@RpcPayload() req: RpcRequestData<typeof ServerRpc.connection>, @RpcMeta() meta: RequestMeta) {
    return this.servers.connection(req.serverId, req.purpose, meta);
  }

  @RpcHandler(ServerRpc.importCsv)
  importCsv(@RpcPayload() req: RpcRequestData<typeof ServerRpc.importCsv>, @RpcMeta() meta: RequestMeta) {
    return this.csv.import(req, meta);
  }

  @RpcHandler(ServerRpc.exportCsv)
  exportCsv(@RpcMeta() meta: RequestMeta) {
    return this.csv.export(meta);
  }
}
