import type { Request, Response } from 'express';

export const REFRESH_COOKIE = 'nexus_refresh';
const COOKIE_PATH = '/api/v1/auth';

/**
 * The web keeps its refresh token in an httpOnly cookie scoped to the auth routes: scripts cannot
 * read it, and SameSite=Strict keeps other sites from using it.
 */
export function setRefreshCookie(res: Response, token: string, expiresAt: string, secure: boolean): void {
  res.cookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: COOKIE_PATH,
    expires: new Date(expiresAt),
  });
}

export function clearRefreshCookie(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: COOKIE_PATH });
}

export function readRefreshCookie(req: Request): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
