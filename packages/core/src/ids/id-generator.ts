import { createHash, randomUUID } from 'node:crypto';

/** Makes GUIDs: random ones, or a reproducible sequence from `seed` (option `idSeed`). */
export interface IdGenerator {
  guid(): string;
}

export function createIdGenerator(seed?: number): IdGenerator {
  if (seed === undefined) return { guid: () => randomUUID() };
  const next = sfc32(seed);
  return {
    guid() {
      const bytes = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const word = next();
        bytes[i] = word >>> 24;
        bytes[i + 1] = (word >>> 16) & 0xff;
        bytes[i + 2] = (word >>> 8) & 0xff;
        bytes[i + 3] = word & 0xff;
      }
      return formatGuid(bytes);
    },
  };
}

/**
 * The same version-4-shaped GUID for the same text, always: for ids that must not change when
 * the same input is applied again (a fixture job given without an id, seeded twice).
 */
export function stableGuid(text: string): string {
  return formatGuid(createHash('sha256').update(text).digest().subarray(0, 16));
}

function formatGuid(bytes: Uint8Array): string {
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A small, well-distributed 32-bit PRNG (Chris Doty-Humphrey's sfc32), seeded from one number. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const step = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) step();
  return step;
}

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(text: string): boolean {
  return GUID_PATTERN.test(text);
}
