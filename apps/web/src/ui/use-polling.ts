import { useEffect } from 'react';

/**
 * Calls `refresh` every `intervalMs` while the tab is visible: a page left open in a background
 * tab costs the gateway nothing. `refresh` should be stable (a `useResource` reload is).
 */
export function usePolling(refresh: () => void, intervalMs: number): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);
}
