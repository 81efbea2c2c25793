export * from './effective-endpoint.js';
export * from './tailnet-access.js';
export * from './dial-error.js';
export * from './dialer.js';
export * from './socks5.dialer.js';
export * from './tailnet-path.js';
