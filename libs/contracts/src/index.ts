export * from './errors/error-code.js';
export * from './errors/nexus.error.js';
export * from './errors/problem.js';
export * from './rpc/rpc-contract.js';
export * from './rpc/request-meta.js';
export * from './health/health.contract.js';
