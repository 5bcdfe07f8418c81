// Installs a Debian package for the tests that need a program of the machine (Chromium,
// PostgreSQL), when that can be done here: as root, with apt-get. Else throws `advice`.
import { execFileSync, spawnSync } from 'node:child_process';

export function installWithApt(name, purpose, advice) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) throw new Error(advice);
  process.stderr.write(`installing Debian's ${name} package for ${purpose} (apt-get)…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', name], { stdio: ['ignore', 'ignore', 'inherit'], env });
}
