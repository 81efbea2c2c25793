import { forwardToGateway } from '../../../gateway/gateway-proxy';

// Every /api/* request is the gateway's: never prerendered, never cached here.
export const dynamic = 'force-dynamic';

export const GET = forwardToGateway;
export const HEAD = forwardToGateway;
export const POST = forwardToGateway;
export const PUT = forwardToGateway;
export const PATCH = forwardToGateway;
export const DELETE = forwardToGateway;
export const OPTIONS = forwardToGateway;
