export * from './proxmox.error.js';
export * from './proxmox.schemas.js';
export * from './proxmox.client.js';
export * from './proxmox-agents.js';
export * from './tls-trust.js';
export * from './secure-connect.js';
