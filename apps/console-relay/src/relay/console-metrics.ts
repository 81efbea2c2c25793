import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '@pve-nexus/observability';

/** Why a console connection was refused, as the refusal counter labels it. */
export type RefusalReason = 'not-found' | 'origin' | 'subprotocol' | 'draining' | 'token' | 'accept-window' | 'tenant-cap' | 'access' | 'upstream' | 'client-left' | 'internal';

/** The relay's Prometheus metrics, on the process registry served at `/metrics`. */
@Injectable()
export class ConsoleMetrics {
  private readonly registers = [metricsRegistry()];
  readonly active = new Gauge({ name: 'nexus_console_sessions_active', help: 'Console sessions this replica is relaying', registers: this.registers });
  private readonly bytes = new Counter({
    name: 'nexus_console_bytes_total',
    help: 'Bytes relayed: in = browser to Proxmox, out = Proxmox to browser',
    labelNames: ['direction'],
    registers: this.registers,
  });
  readonly bytesIn = this.bytes.labels('in');
  readonly bytesOut = this.bytes.labels('out');
  readonly duration = new Histogram({
    name: 'nexus_console_session_duration_seconds',
    help: 'Length of ended console sessions',
    labelNames: ['protocol'],
    buckets: [1, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800],
    registers: this.registers,
  });
  private readonly refusals = new Counter({
    name: 'nexus_console_refused_total',
    help: 'Console connections refused or failed before relaying, by reason',
    labelNames: ['reason'],
    registers: this.registers,
  });

  refused(reason: RefusalReason): void {
    this.refusals.inc({ reason });
  }
}
