/**
 * An error as the Proxmox API server answers it. pve-http-server puts `message` (first line only)
 * in the HTTP status line; the JSON body is `{"data":null}` plus `errors` for parameter errors
 * (PVE::APIServer::Formatter::Standard prepare_response_data).
 */
export class PveError extends Error {
  constructor(
    /** HTTP status: 400 parameters, 401 authentication, 403 permission, 500 handler `die`, 501 no such method, 595/596 proxy. */
    readonly status: number,
    message: string,
    /** Per-parameter messages (400 "Parameter verification failed."). */
    readonly errors?: Record<string, string>,
    /** How the body is written: 'json' for handler errors, 'none' for errors raised before a handler ran. */
    readonly body: 'json' | 'none' = 'json',
  ) {
    super(message);
    this.name = 'PveError';
  }
}

/** 400 "Parameter verification failed." with the per-parameter messages (PVE::JSONSchema / raise_param_exc). */
export function paramError(errors: Record<string, string>): PveError {
  return new PveError(400, 'Parameter verification failed.', errors);
}

/** 403 "Permission check failed (/vms/100, VM.PowerMgmt)" (PVE::RPCEnvironment check -> raise_perm_exc). */
export function permissionError(path: string, privilege: string): PveError {
  return new PveError(403, `Permission check failed (${path}, ${privilege})`);
}

/** 500 with a handler's `die` message (rest_handler maps a plain die to HTTP_INTERNAL_SERVER_ERROR). */
export function handlerError(message: string): PveError {
  return new PveError(500, message);
}

/** 501 "Method 'GET /x' not implemented" (rest_handler when find_handler finds nothing). */
export function notImplemented(method: string, relativePath: string): PveError {
  return new PveError(501, `Method '${method} ${relativePath}' not implemented`);
}
