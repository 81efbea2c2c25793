'use client';

import { useEffect, useState } from 'react';

/** The current time, renewed every `intervalMs`: relative times ("2 minutes ago") stay true on a quiet page. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
