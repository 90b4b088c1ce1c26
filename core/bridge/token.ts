import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random access token for a local listener. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so a wrong token's timing says nothing about the right one. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request offers: `Authorization: Bearer T`, else `?token=T` (for tools that only take a URL). */
export function offeredToken(authorization: string | undefined, url: URL): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return bearer ? bearer[1]! : url.searchParams.get('token');
}
