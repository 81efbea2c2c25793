export * from './bus-options.js';
export * from './client/bus.client.js';
export * from './client/bus.module.js';
export * from './server/nats-transport.js';
export * from './server/rpc-handler.decorator.js';
export * from './server/rpc-envelope.interceptor.js';
export * from './require-tenant.util.js';
