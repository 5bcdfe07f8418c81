import { insufficientPrivileges, invalidToken, unauthenticated } from '../errors/graph-error.js';
import { headerValue, type HeadersInit } from './types.js';

/** The permission a write needs when `requireAuth` is on (graph-sync-api.md §3). */
export const WRITE_PERMISSION = 'Synchronization.ReadWrite.All';
/** Any of these lets a token read. */
export const READ_PERMISSIONS = ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.Read.All'];

/**
 * With `requireAuth`: a request needs `Authorization: Bearer <JWT>`; the token's signature is not
 * checked (this is an emulator), its `scp` (delegated, space-separated) and `roles` (application)
 * claims are. Writes need Synchronization.ReadWrite.All, as the real service requires.
 */
export function authorize(headers: HeadersInit | undefined, method: string): void {
  const header = headerValue(headers, 'authorization');
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated();
  const permissions = claimsOf(match[1]!);
  const write = method !== 'GET' && method !== 'HEAD';
  const allowed = write ? permissions.includes(WRITE_PERMISSION) : permissions.some((p) => READ_PERMISSIONS.includes(p));
  if (!allowed) throw insufficientPrivileges();
}

function claimsOf(token: string): string[] {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalidToken('The token is not a JWT (three base64url parts).');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken('The token payload is not base64url-encoded JSON.');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw invalidToken('The token payload is not a JSON object.');
  const { scp, roles } = claims as { scp?: unknown; roles?: unknown };
  const delegated = typeof scp === 'string' ? scp.split(' ').filter(Boolean) : [];
  const application = Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [];
  return [...delegated, ...application];
}
