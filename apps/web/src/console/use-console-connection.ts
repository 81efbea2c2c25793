'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultConsoleProtocol } from '@pve-nexus/contracts';
import { useSignedIn } from '../session/session-provider';
import { ConsoleConnection, type AttachLink, type ConsoleGrantInfo, type ConsoleStatus } from './console-connection';
import type { ConsoleTarget } from './console-target.util';

/** A console's state for the page: status, the latest grant (no secrets), and a manual reconnect. */
export interface ConsoleConnectionState {
  status: ConsoleStatus;
  grant: ConsoleGrantInfo | undefined;
  reconnect: () => void;
}

/**
 * Runs a {@link ConsoleConnection} for `target` while the component is mounted: `attach` wires the
 * viewer and must keep its identity (useCallback). Unmounting ends the socket and the viewer.
 */
export function useConsoleConnection(tenantId: string, target: ConsoleTarget, attach: AttachLink): ConsoleConnectionState {
  const { api } = useSignedIn();
  const [status, setStatus] = useState<ConsoleStatus>({ state: 'connecting' });
  const [grant, setGrant] = useState<ConsoleGrantInfo>();
  const connection = useRef<ConsoleConnection>(undefined);
  const { serverId, node, vmid, type } = target;
  const protocol = target.protocol ?? defaultConsoleProtocol(type);

  useEffect(() => {
    const created = new ConsoleConnection({
      open: (signal) => api.openConsole(tenantId, serverId, node, vmid, { type, protocol }, signal),
      attach,
      onStatus: setStatus,
      onGrant: setGrant,
    });
    connection.current = created;
    created.start();
    return () => {
      created.stop();
      connection.current = undefined;
    };
  }, [api, attach, tenantId, serverId, node, vmid, type, protocol]);

  const reconnect = useCallback(() => connection.current?.reconnect(), []);
  return { status, grant, reconnect };
}
