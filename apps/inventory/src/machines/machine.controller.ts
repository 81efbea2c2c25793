import { Controller } from '@nestjs/common';
import { MachineRpc, type RequestMeta, type RpcRequestData } from '@pve-nexus/contracts';
import { RpcHandler, RpcMeta, RpcPayload } from '@pve-nexus/messaging';
import { MachineService, type ImportRequest } from './machine.service.js';

@Controller()
export class MachineController {
  constructor(private readonly machines: MachineService) {}

  @RpcHandler(MachineRpc.list)
  list(@RpcMeta() meta: RequestMeta) {
    return this.machines.list(meta);
  }

  @RpcHandler(MachineRpc.importDevices)
  importDevices(@RpcPayload() request: ImportRequest, @RpcMeta() meta: RequestMeta) {
    return this.machines.importDevices(request, meta);
  }

  @RpcHandler(MachineRpc.remove)
  remove(@RpcPayload() request: RpcRequestData<typeof MachineRpc.remove>, @RpcMeta() meta: RequestMeta) {
    return this.machines.remove(request.machineId, meta);
  }
}
