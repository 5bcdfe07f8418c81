import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import selfsigned from 'selfsigned';

/** A certificate and its private key, as PEM, and where the certificate's PEM lies (for NODE_EXTRA_CA_CERTS). */
export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
  /** The absolute path of the certificate's PEM file. */
  readonly certPath: string;
}

/** The names a local certificate is made for: what a client on the same machine calls. */
const NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;
const CERT_FILE = 'syncemu-localhost.pem';
const KEY_FILE = 'syncemu-localhost-key.pem';
/** A certificate this close to its end is made anew. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/**
 * The self-signed certificate for `localhost`, `127.0.0.1` and `::1` kept in `directory`: made on
 * first use (in Node, no `openssl` needed), then reused while it is valid for those names and for
 * more than a week; a certificate that is not is made anew. It is its own CA (basicConstraints
 * CA), so its PEM works as `NODE_EXTRA_CA_CERTS`.
 */
export async function localCertificate(directory: string): Promise<TlsCredentials> {
  const certPath = resolve(directory, CERT_FILE);
  const keyPath = resolve(directory, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    if (usable(cert)) return { cert, key, certPath };
  }
  const now = new Date();
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'syncemu localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3600 * 1000),
    notAfterDate: new Date(now.getTime() + 825 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...NAMES.dns.map((value) => ({ type: 2 as const, value })), ...NAMES.ip.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  mkdirSync(directory, { recursive: true });
  // written aside and renamed: a server starting at the same moment reads a whole file or none
  writeAtomically(keyPath, pems.private, 0o600);
  writeAtomically(certPath, pems.cert, 0o644);
  return { cert: pems.cert, key: pems.private, certPath };
}

/** Reads `--cert`/`--key` files: both PEM, the key matching the certificate. */
export function certificateFiles(certFile: string, keyFile: string): TlsCredentials {
  const certPath = resolve(certFile);
  const cert = readPem(certPath, 'certificate');
  const key = readPem(resolve(keyFile), 'key');
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new CertificateError(`'${certFile}' is not a PEM certificate.`);
  }
  try {
    if (!parsed.checkPrivateKey(createPrivateKey(key))) throw new CertificateError(`the key '${keyFile}' does not belong to the certificate '${certFile}'.`);
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(`'${keyFile}' is not a PEM private key.`);
  }
  return { cert, key, certPath };
}

/** Where a certificate for an emulator is kept: beside a file database, else in the user's cache folder. */
export function certificateDirectory(database: string): string {
  if (database !== ':memory:') return dirname(resolve(database));
  const cache =
    process.env['XDG_CACHE_HOME'] ||
    (process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches') : process.platform === 'win32' ? process.env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local') : join(homedir(), '.cache'));
  return join(cache, 'syncemu');
}

export class CertificateError extends Error {
  override readonly name = 'CertificateError';
}

function usable(pem: string): boolean {
  try {
    const cert = new X509Certificate(pem);
    const now = Date.now();
    return (
      Date.parse(cert.validFrom) <= now &&
      Date.parse(cert.validTo) - RENEW_BEFORE_MS > now &&
      NAMES.dns.every((name) => cert.checkHost(name) !== undefined) &&
      NAMES.ip.every((ip) => cert.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CertificateError(`cannot read the ${what} '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}
