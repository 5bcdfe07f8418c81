#!/usr/bin/env node
// The browser tests drive a Chromium through playwright-core (npx playwright install cannot
// download one here). This finds one (SYNCEMU_CHROMIUM, then the usual paths) and, when there is
// none and apt-get can be used (as root), installs Debian's `chromium` package. Prints the path.
import { existsSync } from 'node:fs';
import { installWithApt } from './apt-package.mjs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium() {
  const chosen = process.env.SYNCEMU_CHROMIUM;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.SYNCEMU_CHROMIUM) throw new Error(`SYNCEMU_CHROMIUM names ${process.env.SYNCEMU_CHROMIUM}, which does not exist.`);
  installWithApt(
    'chromium',
    'the browser tests',
    'The browser tests need Chromium: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or point SYNCEMU_CHROMIUM at a Chromium or Chrome executable.',
  );
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium, but no executable was found at ' + CANDIDATES.join(', '));
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(`ensure-chromium: ${error.message}`);
    process.exit(1);
  }
}
