import { z } from 'zod';
import { TlsTrust } from './server.inputs.js';

const isoTime = z.iso.datetime({ offset: true });

/** Where the system actually connects for a server (see libs/reachability). */
export const EffectiveEndpoint = z.object({
  host: z.string(),
  port: z.number().int(),
  via: z.enum(['public', 'tailnet']),
});
export type EffectiveEndpoint = z.infer<typeof EffectiveEndpoint>;

export const NodePin = z.object({ node: z.string(), fingerprint: z.string(), acceptedAt: isoTime });
export type NodePin = z.infer<typeof NodePin>;

/**
 * How the executor's tailscaled reached a tailnet server at a check: `direct` (UDP to `endpoint`),
 * `derp` (relayed by the DERP region `relay`) or `idle` (no session yet).
 */
export const TailnetPath = z.object({
  kind: z.enum(['direct', 'derp', 'idle']),
  relay: z.string().max(64).nullable(),
  endpoint: z.string().max(100).nullable(),
});
export type TailnetPath = z.infer<typeof TailnetPath>;

/** A server as every API shows it: the API token is write-only and never appears. */
export const ServerView = z.object({
  id: z.uuid(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  tlsTrust: TlsTrust,
  connectTimeoutMs: z.number().int(),
  learnedTimeoutMs: z.number().int().nullable(),
  useTailscale: z.boolean(),
  tailscaleHostname: z.string().nullable(),
  tailscalePort: z.number().int(),
  endpoint: EffectiveEndpoint,
  pins: z.array(NodePin),
  lastHealthStatus: z.string().nullable(),
  lastHealthAt: isoTime.nullable(),
  /** The path of the last ok check over the tailnet (null: not on the tailnet, or not known). */
  tailnetPath: z.object({ kind: z.enum(['direct', 'derp', 'idle']), relay: z.string().nullable() }).nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type ServerView = z.infer<typeof ServerView>;

/** Why a connection test failed, precisely enough to fix it. */
export const ConnectionFailure = z.enum([
  'dns',
  'refused',
  'unreachable',
  'timeout',
  'tls',
  'tls-pin-mismatch',
  'unauthorized',
  'forbidden',
  'proxy',
  'http-error',
  'protocol',
]);
export type ConnectionFailure = z.infer<typeof ConnectionFailure>;

/** One cluster node seen by a test, with how its certificate compares to the pins. */
export const TestedNode = z.object({
  node: z.string(),
  online: z.boolean(),
  fingerprint: z.string().nullable(),
  /** match: pinned and equal; new: no pin yet (a new node, or first use); changed: pinned but different. */
  pin: z.enum(['match', 'new', 'changed', 'not-pinned']),
});
export type TestedNode = z.infer<typeof TestedNode>;

export const ConnectionTestResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    endpoint: EffectiveEndpoint,
    latencyMs: z.number(),
    version: z.string(),
    release: z.string(),
    nodes: z.array(TestedNode),
    /** Fingerprint of the certificate the entry node presented on this connection. */
    presentedFingerprint: z.string().nullable(),
  }),
  z.object({
    ok: z.literal(false),
    endpoint: EffectiveEndpoint,
    latencyMs: z.number(),
    reason: ConnectionFailure,
    message: z.string(),
    presentedFingerprint: z.string().nullable(),
  }),
]);
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;
