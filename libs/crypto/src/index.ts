export * from './key-ring.js';
export * from './envelope.js';
