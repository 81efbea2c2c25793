export * from './infra/free-port.js';
export * from './infra/nats-server.js';
export * from './infra/postgres.js';
export * from './stack/service-process.js';
export * from './stack/stack.js';
export * from './infra/otlp-receiver.js';
export * from './browser/chromium.js';
