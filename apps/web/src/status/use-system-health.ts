'use client';

import { useEffect, useState } from 'react';
import type { SystemHealth } from '@pve-nexus/contracts';
import { fetchSystemHealth } from './health-client';

/** What the page knows: the last report that arrived, and why the latest attempt failed if it did. */
export interface SystemHealthView {
  /** The newest valid report, kept while the gateway is unreachable so operators see the last known state. */
  report?: { health: SystemHealth; receivedAt: Date };
  /** Set when the latest attempt failed; cleared by the next report. */
  failure?: { message: string; at: Date };
  /** When the latest attempt (successful or not) finished. */
  lastAttemptAt?: Date;
}

/**
 * Polls the system health every `intervalMs` (default 3000), one request at a time, and right away
 * when the tab becomes visible again; no requests while the tab is hidden.
 */
export function useSystemHealth(intervalMs = 3_000): SystemHealthView {
  const [view, setView] = useState<SystemHealthView>({});

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const poll = async (): Promise<void> => {
      clearTimeout(timer);
      if (inFlight) return;
      if (document.visibilityState === 'hidden') {
        timer = setTimeout(poll, intervalMs);
        return;
      }
      inFlight = true;
      try {
        const result = await fetchSystemHealth(controller.signal);
        const at = new Date();
        setView((previous) =>
          result.ok
            ? { report: { health: result.health, receivedAt: at }, lastAttemptAt: at }
            : { ...previous, failure: { message: result.message, at }, lastAttemptAt: at },
        );
      } catch {
        return; // aborted: the component is gone
      } finally {
        inFlight = false;
      }
      timer = setTimeout(poll, intervalMs);
    };

    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') void poll();
    };

    void poll();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [intervalMs]);

  return view;
}
