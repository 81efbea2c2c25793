export { TailnetClient, DEFAULT_TAILNET_TIMEOUT_MS, type TailnetClientOptions } from './tailnet.client.js';
export type { AuthKeyRequest, CreatedAuthKey, TailnetInfo } from './tailnet-backend.js';
export { InMemoryOAuthTokenCache, type OAuthAccessToken, type OAuthTokenCache } from './tailscale/oauth-token-cache.js';
export { TOKEN_RENEWAL_MARGIN_MS } from './tailscale/oauth-token.source.js';
export { TAILSCALE_SCOPES } from './tailscale/tailscale.backend.js';
export { DEFAULT_RETRY, type RetryOptions } from './http/retry-policy.js';
