// The routes of a tenant's tailnet (Settings › Connectivity, discovery, enrollment) and of its machines,
// one function each; answers are checked against the contract schemas as every other call is.
import { z } from 'zod';
import {
  DeviceEventRpc,
  DiscoveryRpc,
  EnrollmentRpc,
  MachineRpc,
  TailnetCredentialsView,
  TailnetSettingsRpc,
  TailnetTestResult,
  type DeviceQuery,
  type EnrollBody,
  type ImportDevicesBody,
  type TailnetCredentialsBody,
} from '@pve-nexus/contracts';
import { apiPath, type Send } from './api-client';

/** Calls that wait on the control server: the gateway allows them 30 s on the bus. */
const CONTROL_TIMEOUT_MS = 35_000;

const StoredCredentials = z.strictObject({ credentials: TailnetCredentialsView.nullable() });

/** Device filters as the page holds them; `refresh` skips discovery's five-minute cache (rate limited). */
export type DeviceFilters = Omit<DeviceQuery, 'refresh'> & { refresh?: boolean };

export function createTailnetApi(send: Send) {
  const tailnet = (tenantId: string) => apiPath`/tenants/${tenantId}/tailscale`;
  return {
    /** The stored credentials without their secret; `credentials: null` when the tenant has none. */
    tailnetCredentials: (tenantId: string, signal?: AbortSignal) => send({ method: 'GET', path: `${tailnet(tenantId)}/credentials`, response: StoredCredentials, signal }),
    saveTailnetCredentials: (tenantId: string, body: TailnetCredentialsBody) =>
      send({ method: 'PUT', path: `${tailnet(tenantId)}/credentials`, body, response: TailnetSettingsRpc.put.response }),
    removeTailnetCredentials: (tenantId: string) => send({ method: 'DELETE', path: `${tailnet(tenantId)}/credentials`, response: null }),
    /** Tests `credentials` before they are saved, or the stored ones when absent; 200 either way. */
    testTailnet: (tenantId: string, credentials?: TailnetCredentialsBody) =>
      send({ method: 'POST', path: `${tailnet(tenantId)}/test`, body: credentials ?? {}, response: TailnetTestResult, timeoutMs: CONTROL_TIMEOUT_MS }),
    tailnetStatus: (tenantId: string, signal?: AbortSignal) => send({ method: 'GET', path: `${tailnet(tenantId)}/status`, response: DiscoveryRpc.status.response, signal }),

    /** 429 with Retry-After when `refresh` came too soon after the last one. */
    listDevices: (tenantId: string, filters: DeviceFilters, signal?: AbortSignal) =>
      send({
        method: 'GET',
        path: `${tailnet(tenantId)}/devices`,
        query: { status: filters.status, os: filters.os, tag: filters.tag, search: filters.search, refresh: filters.refresh ? '1' : undefined },
        response: DiscoveryRpc.devices.response,
        signal,
        timeoutMs: CONTROL_TIMEOUT_MS,
      }),
    /** A device's history (online, offline, appeared, removed, enrolled), newest first. */
    deviceEvents: (tenantId: string, deviceId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: `${tailnet(tenantId)}/events`, query: { deviceId, limit: 100 }, response: DeviceEventRpc.list.response, signal }),
    /** All or none; a device imported before is a 409 whose `devices.N.deviceId` names its machine. */
    importDevices: (tenantId: string, body: ImportDevicesBody) =>
      send({ method: 'POST', path: `${tailnet(tenantId)}/import`, body, response: DiscoveryRpc.importDevices.response, timeoutMs: CONTROL_TIMEOUT_MS }),

    listAuthKeys: (tenantId: string, signal?: AbortSignal) =>
      send({ method: 'GET', path: `${tailnet(tenantId)}/auth-keys`, response: DiscoveryRpc.listAuthKeys.response, signal, timeoutMs: CONTROL_TIMEOUT_MS }),
    /** The answer's `key` and `command` are the only copy there will ever be. */
    createAuthKey: (tenantId: string, body: EnrollBody) =>
      send({ method: 'POST', path: `${tailnet(tenantId)}/auth-keys`, body, response: DiscoveryRpc.createAuthKey.response, timeoutMs: CONTROL_TIMEOUT_MS }),
    revokeAuthKey: (tenantId: string, keyId: string) =>
      send({ method: 'DELETE', path: `${tailnet(tenantId)}${apiPath`/auth-keys/${keyId}`}`, response: null, timeoutMs: CONTROL_TIMEOUT_MS }),
    listEnrollments: (tenantId: string, signal?: AbortSignal) => send({ method: 'GET', path: `${tailnet(tenantId)}/enrollments`, response: EnrollmentRpc.list.response, signal }),
    /** Reads the tailnet now for the device the enrollment expects. */
    validateEnrollment: (tenantId: string, enrollmentId: string) =>
      send({ method: 'POST', path: `${tailnet(tenantId)}${apiPath`/enrollments/${enrollmentId}/validate`}`, response: DiscoveryRpc.validateEnrollment.response, timeoutMs: CONTROL_TIMEOUT_MS }),

    listMachines: (tenantId: string, signal?: AbortSignal) => send({ method: 'GET', path: apiPath`/tenants/${tenantId}/machines`, response: MachineRpc.list.response, signal }),
    removeMachine: (tenantId: string, machineId: string) => send({ method: 'DELETE', path: apiPath`/tenants/${tenantId}/machines/${machineId}`, response: null }),
  };
}
