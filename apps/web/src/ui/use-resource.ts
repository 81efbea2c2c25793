'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../api/api-error';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True while a load runs (the first one and every reload). */
  loading: boolean;
  reload: () => void;
  /** Replaces the data in place, after a change whose answer already holds the new state. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads `load` when the component mounts and whenever `key` changes, aborting the previous request;
 * keeps the last data while reloading so tables do not flash empty.
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean; key: string | null }>({ loading: key !== null, key });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  // Declared before the loading effect, so that effect always calls the latest `load`.
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...(previous.key === key ? { data: previous.data } : {}), loading: true, key }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false, key });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ data: previous.data, error: toApiError(error), loading: false, key }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => setState((previous) => ({ ...previous, data: update(previous.data) })), []);
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}
