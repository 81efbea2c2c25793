export * from './key-ring.js';
export * from './envelope.js';
export * from './token-sealed.js';
export * from './signing-keys.js';
