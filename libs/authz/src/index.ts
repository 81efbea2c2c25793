export * from './policy.js';
export * from './decide.js';
export * from './revocation.js';
