export * from './policy.js';
export * from './decide.js';
