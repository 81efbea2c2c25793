/** How a process joins the bus. */
export interface BusOptions {
  /** NATS server URLs, e.g. `nats://127.0.0.1:4222`. */
  servers: string[];
  /** Connection name shown by the NATS server (`nats server report connections`): the service name. */
  name: string;
  /** Default reply timeout of a request in ms; a request may set its own. */
  requestTimeoutMs: number;
}

export const BUS_OPTIONS = Symbol('BUS_OPTIONS');
