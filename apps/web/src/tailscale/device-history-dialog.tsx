'use client';

import type { DeviceEventKind } from '@pve-nexus/contracts';
import type { NexusApi } from '../api/nexus-api';
import { ErrorAlert } from '../ui/alert';
import { Badge, type BadgeTone } from '../ui/badges';
import { Fact } from '../ui/fact';
import { Modal } from '../ui/modal';
import { EmptyState } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { useResource } from '../ui/use-resource';
import type { ShownDevice } from './device-view.util';
import { TableStatus } from '../ui/table-status';

const KIND_TONES: Record<DeviceEventKind, BadgeTone> = { online: 'ok', offline: 'neutral', appeared: 'info', removed: 'bad', enrolled: 'accent' };
const KIND_LABELS: Record<DeviceEventKind, string> = { online: 'Came online', offline: 'Went offline', appeared: 'Joined the tailnet', removed: 'Left the tailnet', enrolled: 'Enrolled' };

/**
 * One device: what the control server reports about it, and its history as discovery's monitor
 * recorded it (newest first). `version` changes with each live event of the device, to read it again.
 */
export function DeviceHistoryDialog({ api, tenantId, device, version, onClose }: { api: NexusApi; tenantId: string; device: ShownDevice; version: number; onClose: () => void }) {
  const history = useResource(`device-events:${tenantId}:${device.id}:${version}`, (signal) => api.deviceEvents(tenantId, device.id, signal));
  const events = history.data?.events ?? [];
  return (
    <Modal title={`History of ${device.hostname}`} description={device.name} size="wide" onClose={onClose} testId="device-history">
      <dl className="facts">
        <Fact label="Status">
          <Badge tone={device.online ? 'ok' : 'neutral'}>{device.online ? 'Online' : 'Offline'}</Badge>
        </Fact>
        <Fact label="Client">{device.clientVersion ?? '—'}</Fact>
        <Fact label="Authorized">{device.authorized ? 'Yes' : 'No'}</Fact>
        <Fact label="Key expiry">
          <Timestamp iso={device.keyExpiry} empty="Never" />
        </Fact>
        <Fact label="Joined">
          <Timestamp iso={device.createdAt} />
        </Fact>
        {device.ephemeral && <Fact label="Ephemeral">Yes</Fact>}
      </dl>
      <ErrorAlert error={history.error} testId="history-error" />
      <div className="table-wrap device-history">
        <table className="table table--compact" aria-label={`History of ${device.hostname}`} aria-busy={history.loading}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-testid="device-event" data-kind={event.kind}>
                <td className="nowrap">
                  <Timestamp iso={event.at} />
                </td>
                <td>
                  <Badge tone={KIND_TONES[event.kind]}>{KIND_LABELS[event.kind]}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <TableStatus
          rows={history.data?.events}
          loading={history.loading}
          loadingText="Loading the history…"
          empty={<EmptyState title="No changes recorded yet">The monitor records when the device goes online or offline, joins or leaves the tailnet.</EmptyState>}
        />
      </div>
    </Modal>
  );
}
