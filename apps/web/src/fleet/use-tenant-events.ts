'use client';

import { useEffect, useRef, useState } from 'react';
import { DomainEvent } from '@pve-nexus/contracts';
import { useSessionManager } from '../session/session-provider';
import { SseParser } from './sse-parser.util';

/**
 * `connecting` until the gateway's first bytes (its consumer exists), then `live`; `retrying` after a
 * drop; `revoked` for good once the gateway said the reader lost access to the tenant.
 */
export type StreamState = 'connecting' | 'live' | 'retrying' | 'revoked';

/** Waits this long before reconnecting, doubling per failure up to the maximum. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * The tenant's live events (`GET /tenants/:id/events`), handed to `onEvent` as validated envelopes.
 *
 * Not EventSource: it cannot send the Authorization header, and the gateway authenticates this route
 * with the bearer token only (the access token is never in a cookie or a URL). So this reads the body
 * of a fetch() with a stream reader and parses the SSE itself; on reconnect it passes the last stream
 * sequence as `?lastEventId=`, so events published while disconnected are replayed, not lost.
 */
export function useTenantEvents(tenantId: string, onEvent: (event: DomainEvent) => void): StreamState {
  const manager = useSessionManager();
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    const controller = new AbortController();
    let lastEventId: string | undefined;
    let failures = 0;

    /** Reads until the stream ends; true when it ended because the reader lost access. */
    const readOnce = async (): Promise<boolean> => {
      const query = lastEventId === undefined ? '' : `?lastEventId=${encodeURIComponent(lastEventId)}`;
      const response = await manager.openStream(`/tenants/${encodeURIComponent(tenantId)}/events${query}`, controller.signal);
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      setState('live');
      failures = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return false;
        for (const message of parser.push(value)) {
          if (message.event === 'access-revoked') return true;
          if (message.id !== undefined) lastEventId = message.id;
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            continue;
          }
          // An event of a newer gateway that this console does not know is skipped, not fatal.
          const parsed = DomainEvent.safeParse(json);
          if (parsed.success) handler.current(parsed.data);
        }
      }
    };

    void (async () => {
      while (!controller.signal.aborted) {
        try {
          // Reconnecting would only be refused (or, with a stale page, show what is no longer theirs).
          if (await readOnce()) {
            setState('revoked');
            return;
          }
        } catch {
          // dropped or refused: retry below
        }
        if (controller.signal.aborted) return;
        setState('retrying');
        const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** failures++);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    })();
    return () => controller.abort();
  }, [manager, tenantId]);

  return state;
}
