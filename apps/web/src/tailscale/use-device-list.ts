'use client';

import { useCallback, useMemo, useState } from 'react';
import type { DomainEvent } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { useTenantEvents } from '../fleet/use-tenant-events';
import { useResource } from '../ui/use-resource';
import { deviceQueryOf, filterOptions, liveStatusOf, NO_DEVICE_FILTERS, shownDevices, snapshotOf, staleMessage, type DeviceFilterValues, type DeviceSnapshot, type LiveDeviceStatus } from './device-view.util';

type DeviceQuery = ReturnType<typeof deviceQueryOf>;

/**
 * The devices of each status asked for, so that every device is online or offline as discovery decides
 * (its offline window is the installation's). A refresh asks the control server once, with the first
 * status; the second is then read from the cache it renewed.
 */
async function loadSnapshot(api: NexusApi, tenantId: string, query: DeviceQuery, refresh: boolean, signal?: AbortSignal): Promise<DeviceSnapshot> {
  const statuses = query.status ? [query.status] : (['online', 'offline'] as const);
  const read = (status: 'online' | 'offline', fresh: boolean) => api.listDevices(tenantId, { ...query, status, refresh: fresh }, signal).then((list) => ({ status, list }));
  if (!refresh) return snapshotOf(await Promise.all(statuses.map((status) => read(status, false))));
  const [first, ...rest] = statuses;
  const parts = [await read(first, true)];
  for (const status of rest) parts.push(await read(status, false));
  return snapshotOf(parts);
}

/**
 * A tenant's tailnet devices for the discovery page: filtered by the API, refreshed on demand past
 * discovery's cache (rate limited: a 429 keeps the list shown, with its age), kept live by the tenant's
 * `device.status` events: online and offline patch the rows, other changes read the list again.
 */
export function useDeviceList(api: NexusApi, tenantId: string, enabled: boolean) {
  const [filters, setFilters] = useState<DeviceFilterValues>(NO_DEVICE_FILTERS);
  const [options, setOptions] = useState<{ os: string[]; tags: string[] }>({ os: [], tags: [] });
  const [live, setLive] = useState<Record<string, LiveDeviceStatus>>({});
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ApiError>();
  const query = useMemo(() => deviceQueryOf(filters), [filters]);

  const list = useResource(enabled ? `devices:${tenantId}:${JSON.stringify(query)}` : null, async (signal) => {
    const answer = await loadSnapshot(api, tenantId, query, false, signal);
    setOptions((previous) => filterOptions(previous, answer.devices));
    return answer;
  });
  const { reload, setData } = list;

  const onEvent = useCallback(
    (event: DomainEvent) => {
      if (event.kind !== 'device.status') return;
      const { data } = event;
      if (data.change === 'online' || data.change === 'offline') setLive((previous) => ({ ...previous, [data.deviceId]: liveStatusOf(data, event.occurredAt) }));
      else reload();
    },
    [reload],
  );
  const stream = useTenantEvents(tenantId, onEvent);

  const refresh = async () => {
    setRefreshing(true);
    try {
      const answer = await loadSnapshot(api, tenantId, query, true);
      setOptions((previous) => filterOptions(previous, answer.devices));
      setData(() => answer);
      setRefreshError(undefined);
    } catch (caught) {
      setRefreshError(toApiError(caught));
    } finally {
      setRefreshing(false);
    }
  };

  const changeFilters = (next: DeviceFilterValues) => {
    setFilters(next);
    setRefreshError(undefined);
  };

  const now = Date.now();
  const data = list.data;
  const devices = useMemo(() => (data ? shownDevices(data, live) : []), [data, live]);
  // A refresh refused for coming too soon, or a list discovery could not renew: shown with its age.
  const rateLimited = refreshError?.status === 429 ? refreshError : undefined;
  const stale = data && (rateLimited ? staleMessage(data.freshness.fetchedAt, rateLimited.detail, now) : data.freshness.stale ? staleMessage(data.freshness.fetchedAt, data.freshness.stale.reason, now) : undefined);
  // A refusal of ours says when to retry in its own words; a control server's rate limit is told here.
  const retryAfterSeconds = rateLimited ? undefined : (data?.freshness.stale?.retryAfterSeconds ?? undefined);

  return {
    filters,
    setFilters: changeFilters,
    options,
    list,
    devices,
    live,
    stream,
    refresh,
    refreshing,
    /** A refresh that failed for another reason than its rate limit. */
    refreshError: rateLimited ? undefined : refreshError,
    stale: stale ? { message: stale, retryAfterSeconds } : undefined,
  };
}
