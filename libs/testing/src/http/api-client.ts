export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** The raw text of the answer, for "never contains a secret" checks. */
  text: string;
}

export interface ApiRequestOptions {
  token?: string;
  body?: unknown;
  /** A raw body string (malformed JSON, oversized bodies). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A thin fetch wrapper for tests of the REST API: JSON in, JSON (or problem+json) out. */
export function apiClient(baseUrl: string) {
  // Tests read many answer shapes; each test narrows what it asserts on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call<T = any>(method: string, path: string, options: ApiRequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const hasBody = options.body !== undefined || options.rawBody !== undefined;
    if (hasBody) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: body as T, text };
  };
}

export type ApiCall = ReturnType<typeof apiClient>;
