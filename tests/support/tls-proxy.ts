/**
 * A TLS-terminating reverse proxy in front of a plain-HTTP syncemu, as a team would put nginx or a
 * cloud load balancer: it answers https on its own port with a self-signed certificate for
 * 127.0.0.1 and localhost, and forwards every request over http with `X-Forwarded-Proto: https`
 * and `X-Forwarded-Host` (the `Host` the client called), so links must name the proxy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsProxy {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** The PEM of the certificate: trust it with NODE_EXTRA_CA_CERTS. */
  readonly certPath: string;
  /** The method and path (with query) of every request the proxy forwarded, in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1, ::1 and localhost (generated in Node, no openssl). */
export async function localhostCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Starts the proxy on a free port of 127.0.0.1, forwarding to `target` (`http://127.0.0.1:PORT`). */
export async function startTlsProxy(target: string): Promise<TlsProxy> {
  const { cert, key } = await localhostCertificate();
  const dir = mkdtempSync(join(tmpdir(), 'syncemu-proxy-'));
  const certPath = join(dir, 'proxy.pem');
  writeFileSync(certPath, cert);
  const upstream = new URL(target);
  const requests: string[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const headers = { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host ?? '', host: upstream.host };
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    certPath,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
