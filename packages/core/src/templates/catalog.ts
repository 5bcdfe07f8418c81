/**
 * The built-in synchronization template catalog: the templates every service principal is offered
 * (decisions.md §3), each with a default schema in exact Graph JSON shape. Pure data: the catalog
 * is deep-frozen, so copy a schema (structuredClone) before changing it.
 */
import { API_INBOUND_TEMPLATE } from './api-inbound-template.js';
import { AWS_TEMPLATE } from './aws-template.js';
import { BOX_TEMPLATE } from './box-template.js';
import { CLOUD_SYNC_PASSWORD_HASH_TEMPLATE, CLOUD_SYNC_PROVISIONING_TEMPLATE } from './cloud-sync-templates.js';
import { CROSS_TENANT_TEMPLATE } from './cross-tenant-template.js';
import { GSUITE_TEMPLATE } from './gsuite-template.js';
import { SALESFORCE_SANDBOX_TEMPLATE } from './salesforce-template.js';
import {
  CUSTOMAPPSSO_TEMPLATE,
  GITHUB_ENTERPRISE_CLOUD_TEMPLATE,
  SCIM_TEMPLATE,
  SLACK_TEMPLATE,
} from './scim-templates.js';
import type { TemplateDefinition } from './template-types.js';

export type { KeyValue, MetadataEntry, SynchronizationSchemaJson, TemplateDefinition } from './template-types.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const BUILT_IN_TEMPLATES: readonly TemplateDefinition[] = deepFreeze([
  SCIM_TEMPLATE,
  CUSTOMAPPSSO_TEMPLATE,
  CROSS_TENANT_TEMPLATE,
  CLOUD_SYNC_PROVISIONING_TEMPLATE,
  CLOUD_SYNC_PASSWORD_HASH_TEMPLATE,
  API_INBOUND_TEMPLATE,
  BOX_TEMPLATE,
  SALESFORCE_SANDBOX_TEMPLATE,
  GSUITE_TEMPLATE,
  AWS_TEMPLATE,
  SLACK_TEMPLATE,
  GITHUB_ENTERPRISE_CLOUD_TEMPLATE,
]);

const BY_ID: ReadonlyMap<string, TemplateDefinition> = new Map(BUILT_IN_TEMPLATES.map((template) => [template.id, template]));

/** The built-in template with exactly this id (case-sensitive), if any. */
export function findBuiltInTemplate(id: string): TemplateDefinition | undefined {
  return BY_ID.get(id);
}
