import { paramError } from './pve-error.js';

/** A request parameter as it arrived: a string from a query or form, any JSON value from a JSON body. */
export type RawParams = Record<string, unknown>;

/**
 * pve-http-server's decode_urlencoded: pairs split on '&' or ';', '+' is a space, %XX escapes,
 * values UTF-8 decoded.
 */
export function decodeUrlencoded(data: string): RawParams {
  const out: RawParams = {};
  if (!data) return out;
  const unescape = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value.replace(/\+/g, ' ');
    }
  };
  for (const pair of data.split(/[&;]/)) {
    if (!pair) continue;
    const index = pair.indexOf('=');
    const key = unescape(index < 0 ? pair : pair.slice(0, index));
    out[key] = index < 0 ? undefined : unescape(pair.slice(index + 1));
  }
  return out;
}

/**
 * extract_params: a POST/PUT body (JSON when Content-Type is application/json, form-encoded
 * otherwise), then the query string on top; `_dc` (ExtJS cache buster) is dropped.
 */
export function extractParams(method: string, contentType: string | undefined, body: string, query: string): RawParams {
  let params: RawParams = {};
  if (method === 'POST' || method === 'PUT') {
    const type = (contentType ?? '').split(/\s*[;,]\s*/)[0];
    if (type === 'application/json') {
      const parsed: unknown = body ? JSON.parse(body) : {};
      params = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...(parsed as RawParams) } : {};
    } else {
      params = decodeUrlencoded(body);
    }
  }
  Object.assign(params, decodeUrlencoded(query));
  delete params._dc;
  return params;
}

/** One parameter of an API method's schema (the subset of PVE::JSONSchema the simulator needs). */
export interface ParamSpec {
  type: 'string' | 'integer' | 'boolean' | 'number';
  optional?: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  enum?: readonly string[];
  format?: 'pve-node' | 'pve-vmid';
  /** Rejected for anyone but root@pam ("Only root may use this option."), like qemu-server's skiplock. */
  rootOnly?: boolean;
}

export type ParamSchema = Record<string, ParamSpec>;

/** Validated parameters: integers and booleans become numbers (0/1), as in Perl. */
export type Params = Record<string, string | number | undefined>;

// The standard options every node/guest path carries (pve-common JSONSchema get_standard_option).
export const NODE_PARAM: ParamSpec = { type: 'string', format: 'pve-node' };
export const VMID_PARAM: ParamSpec = { type: 'integer', format: 'pve-vmid', minimum: 100, maximum: 999_999_999 };

/**
 * Validates like PVE::JSONSchema::validate with additionalProperties => 0: every problem is
 * collected into one 400 "Parameter verification failed." whose `errors` name each parameter.
 * Messages are PVE's own ("property is missing and it is not optional", "type check ('integer')
 * failed - got 'abc'", "value 'x' does not have a value in the enumeration 'a, b'", ...).
 */
export function validateParams(raw: RawParams, schema: ParamSchema, authUser: string): Params {
  const errors: Record<string, string> = {};
  const out: Params = {};
  for (const key of Object.keys(raw)) {
    if (!schema[key]) errors[key] = 'property is not defined in schema and the schema does not allow additional properties';
  }
  for (const [key, spec] of Object.entries(schema)) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') {
      if (!spec.optional) errors[key] = 'property is missing and it is not optional';
      continue;
    }
    const checked = checkValue(value, spec);
    if (typeof checked === 'object') {
      errors[key] = checked.error;
      continue;
    }
    if (spec.rootOnly && authUser !== 'root@pam' && checked) {
      errors[key] = 'Only root may use this option.';
      continue;
    }
    out[key] = checked;
  }
  if (Object.keys(errors).length > 0) throw paramError(errors);
  return out;
}

function checkValue(value: unknown, spec: ParamSpec): string | number | { error: string } {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (spec.type) {
    case 'boolean': {
      if (value === true || /^(1|true|yes|on)$/i.test(text)) return 1;
      if (value === false || /^(0|false|no|off)$/i.test(text)) return 0;
      return { error: `type check ('boolean') failed - got '${text}'` };
    }
    case 'integer':
    case 'number': {
      const pattern = spec.type === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
      if (!pattern.test(text)) return { error: `type check ('${spec.type}') failed - got '${text}'` };
      const number = Number(text);
      if (spec.format === 'pve-vmid' && !/^[1-9][0-9]{2,8}$/.test(text)) {
        return { error: 'invalid format - value does not look like a valid VM ID\n' };
      }
      if (spec.minimum !== undefined && number < spec.minimum) return { error: `value must have a minimum value of ${spec.minimum}` };
      if (spec.maximum !== undefined && number > spec.maximum) return { error: `value must have a maximum value of ${spec.maximum}` };
      return number;
    }
    case 'string': {
      if (spec.maxLength !== undefined && text.length > spec.maxLength) return { error: `value may only be ${spec.maxLength} characters long` };
      if (spec.enum && !spec.enum.includes(text)) {
        return { error: `value '${text}' does not have a value in the enumeration '${spec.enum.join(', ')}'` };
      }
      if (spec.format === 'pve-node' && !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(text)) {
        return { error: 'invalid format - value does not look like a valid node name\n' };
      }
      return text;
    }
  }
}
