import { ActionsHeader } from '../ui/actions-header';
import { Badge } from '../ui/badges';
import { lastSeenLabel, type ShownDevice } from './device-view.util';
import { TagPills } from '../ui/table-status';
import { useNow } from '../ui/use-now';

export interface DeviceTableProps {
  devices: ShownDevice[];
  /** Device id → the display name of the machine it was imported as. */
  imported: ReadonlyMap<string, string>;
  /** Null when the user may not import (no selection column). */
  selected: ReadonlySet<string> | null;
  onSelect: (deviceIds: string[], selected: boolean) => void;
  onHistory: (device: ShownDevice) => void;
  busy: boolean;
  label: string;
}

/** The devices as the seed's list shows them: name and host name, addresses, OS, user, tags, online badge, last seen. */
export function DeviceTable({ devices, imported, selected, onSelect, onHistory, busy, label }: DeviceTableProps) {
  const now = useNow();
  const allSelected = selected !== null && devices.length > 0 && devices.every((device) => selected.has(device.id));
  return (
    <div className="table-wrap">
      <table className="table device-table" aria-label={label} aria-busy={busy} data-testid="device-table">
        <thead>
          <tr>
            {selected && (
              <th scope="col" className="device-table__select">
                <input type="checkbox" aria-label="Select every device shown" checked={allSelected} onChange={(event) => onSelect(devices.map((device) => device.id), event.target.checked)} />
              </th>
            )}
            <th scope="col">Device</th>
            <th scope="col">Addresses</th>
            <th scope="col">OS</th>
            <th scope="col">User</th>
            <th scope="col">Tags</th>
            <th scope="col">Status</th>
            <th scope="col">Last seen</th>
            <ActionsHeader />
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => {
            const machine = imported.get(device.id);
            return (
              <tr key={device.id} data-testid="device-row" data-hostname={device.hostname} data-online={device.online}>
                {selected && (
                  <td className="device-table__select">
                    <input type="checkbox" aria-label={`Select ${device.hostname}`} checked={selected.has(device.id)} onChange={(event) => onSelect([device.id], event.target.checked)} />
                  </td>
                )}
                <td>
                  <span className="strong device-table__name">{device.name}</span>
                  <span className="muted small device-table__host">
                    {device.hostname}
                    {machine && (
                      <>
                        {' '}
                        <Badge tone="info" testId="device-imported" title="Imported as a machine">
                          Imported as {machine}
                        </Badge>
                      </>
                    )}
                  </span>
                </td>
                <td className="mono small">
                  {device.addresses.v4 && <div>{device.addresses.v4}</div>}
                  {device.addresses.v6 && <div className="muted">{device.addresses.v6}</div>}
                </td>
                <td>{device.os ?? <span className="muted">—</span>}</td>
                <td className="small">{device.user ?? <span className="muted">—</span>}</td>
                <td>
                  <TagPills tags={device.tags} />
                </td>
                <td data-testid="device-status">
                  <Badge tone={device.online ? 'ok' : 'neutral'}>{device.online ? 'Online' : 'Offline'}</Badge>
                </td>
                <td className="nowrap" title={device.lastSeen ? new Date(device.lastSeen).toString() : undefined} data-testid="device-last-seen">
                  {lastSeenLabel(device, now)}
                </td>
                <td className="table__actions">
                  <button type="button" className="btn btn--sm" onClick={() => onHistory(device)} aria-label={`History of ${device.hostname}`}>
                    History
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
