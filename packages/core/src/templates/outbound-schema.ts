/**
 * The common shape of an outbound (Entra ID to app) schema: the Entra directory, the app's
 * directory and one USER_OUTBOUND_USER rule mapping Users (and Groups, when the app takes them).
 */
import {
  ENTRA_DIRECTORY_NAME,
  entraDirectory,
  entraGroupObject,
  entraUserObject,
} from './entra-objects.js';
import { objectMapping, rule, schema } from './mapping-builders.js';
import type {
  AttributeMappingJson,
  BuiltInSchemaJson,
  DirectoryDefinitionJson,
  ObjectDefinitionJson,
  ObjectMappingJson,
  SynchronizationRuleJson,
} from './schema-types.js';

export interface OutboundSchemaOptions {
  readonly version: string;
  readonly ruleId: string;
  /** The target (app) directory; it must have a User object, and a Group object when `groups` is given. */
  readonly app: DirectoryDefinitionJson;
  readonly users: readonly AttributeMappingJson[];
  /** Group attribute mappings; leave out when the app takes no groups. */
  readonly groups?: readonly AttributeMappingJson[];
  /**
   * How the object mappings are named: 'provision' = "Provision Azure Active Directory Users" (SCIM
   * apps, as the portal shows them), 'synchronize' = "Synchronize Azure Active Directory Users to {app}".
   */
  readonly naming: 'provision' | 'synchronize';
  /** More objects in the Entra directory (e.g. AppRole for apps that import roles). */
  readonly extraEntraObjects?: readonly ObjectDefinitionJson[];
  /** More rules, e.g. an app-to-Entra role import (the outbound rule has priority 1; give these 2 and up). */
  readonly extraRules?: (entra: DirectoryDefinitionJson, app: DirectoryDefinitionJson) => readonly SynchronizationRuleJson[];
}

function mappingName(naming: OutboundSchemaOptions['naming'], plural: string, app: string): string {
  return naming === 'provision'
    ? `Provision ${ENTRA_DIRECTORY_NAME} ${plural}`
    : `Synchronize ${ENTRA_DIRECTORY_NAME} ${plural} to ${app}`;
}

export function outboundSchema(options: OutboundSchemaOptions): BuiltInSchemaJson {
  const { app, groups, naming } = options;
  const entraObjects = [entraUserObject(), ...(groups === undefined ? [] : [entraGroupObject()])];
  const entra = entraDirectory([...entraObjects, ...(options.extraEntraObjects ?? [])]);
  const objectMappings: ObjectMappingJson[] = [
    objectMapping({ name: mappingName(naming, 'Users', app.name), source: 'User', target: 'User', attributeMappings: options.users }),
  ];
  if (groups !== undefined) {
    objectMappings.push(
      objectMapping({ name: mappingName(naming, 'Groups', app.name), source: 'Group', target: 'Group', attributeMappings: groups }),
    );
  }
  const outbound = rule({ id: options.ruleId, name: 'USER_OUTBOUND_USER', source: entra, target: app, objectMappings });
  return schema(options.version, [entra, app], [outbound, ...(options.extraRules?.(entra, app) ?? [])]);
}
