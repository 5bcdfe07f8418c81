/**
 * A bearer token an emulator with `requireAuth` accepts: an unsigned JWT whose `scp` holds the
 * given delegated scopes (default `Synchronization.ReadWrite.All`, which writes need) and whose
 * `roles` the given application permissions. syncemu reads the claims and never checks signatures.
 * @example testToken({ scopes: ['Synchronization.Read.All'] })   // reads pass, writes get 403
 */
export function testToken({ scopes = ['Synchronization.ReadWrite.All'], roles = [] }: { scopes?: readonly string[]; roles?: readonly string[] } = {}): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: 'https://graph.microsoft.com',
    iss: 'https://sts.windows.net/syncemu/',
    iat: now,
    nbf: now,
    exp: now + 24 * 3600,
    ...(scopes.length > 0 && { scp: scopes.join(' ') }),
    ...(roles.length > 0 && { roles }),
  };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
