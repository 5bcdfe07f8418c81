import type { Store } from '@syncemu/store';
import { BUILT_IN_TEMPLATES } from './catalog.js';
import type { KeyValue } from './template-types.js';

/** A template as far as creating a job needs it. */
export interface OfferedTemplate {
  readonly id: string;
  readonly defaultSettings: readonly KeyValue[];
}

/**
 * The templates a service principal offers: the built-in catalog, plus (or, by id, instead of)
 * the templates a fixture gave it.
 */
export function offeredTemplates(store: Store, servicePrincipalId: string): OfferedTemplate[] {
  const offered = new Map<string, OfferedTemplate>(BUILT_IN_TEMPLATES.map((t) => [t.id, { id: t.id, defaultSettings: t.defaultSettings }]));
  for (const row of store.servicePrincipals.templates(servicePrincipalId)) {
    const body = JSON.parse(row.body) as { synchronizationJobSettings?: KeyValue[] };
    offered.set(row.id, { id: row.id, defaultSettings: body.synchronizationJobSettings ?? offered.get(row.id)?.defaultSettings ?? [] });
  }
  return [...offered.values()];
}
