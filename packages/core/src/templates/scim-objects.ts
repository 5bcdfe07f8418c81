/**
 * SCIM object definitions as the provisioning service models them for SCIM apps (customappsso and
 * gallery SCIM apps): complex and multi-valued SCIM attributes are flattened to path names such as
 * `emails[type eq "work"].value` and `name.givenName`.
 */
import type { AttributeDefinitionJson, ObjectDefinitionJson } from './schema-types.js';
import { anchor, attribute, bool, objectDefinition, objectMetadata, reference, strings } from './schema-builders.js';

/** The SCIM 2.0 enterprise user extension schema URN. */
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:{name}` (SCIM 2.0 enterprise extension). */
export const enterprise2 = (name: string): string => `${ENTERPRISE_USER_SCHEMA}:${name}`;
/** `urn:scim:schemas:extension:enterprise:1.0.{name}` (SCIM 1.1, as Slack still uses). */
export const enterprise1 = (name: string): string => `urn:scim:schemas:extension:enterprise:1.0.${name}`;

export const workEmail = 'emails[type eq "work"].value';
export const workAddress = (part: string): string => `addresses[type eq "work"].${part}`;
export const phone = (type: 'work' | 'mobile' | 'fax'): string => `phoneNumbers[type eq "${type}"].value`;
export const primaryRole = (part: 'display' | 'type' | 'value'): string => `roles[primary eq "True"].${part}`;

export type EnterpriseExtension = 'scim2' | 'scim1' | 'none';

export interface ScimUserOptions {
  /** Which enterprise extension the app speaks (default SCIM 2.0). */
  readonly extension?: EnterpriseExtension;
  /** The app takes a primary role (`roles[primary eq "True"].*`). */
  readonly roles?: boolean;
  /** Extra app-specific attributes. */
  readonly extra?: readonly AttributeDefinitionJson[];
  /** attributeDefinition metadata for userName, e.g. `{ MaximumLength: '21' }`. */
  readonly userNameMetadata?: Readonly<Record<string, string>>;
}

const ENTERPRISE_FIELDS = ['employeeNumber', 'department', 'costCenter', 'organization', 'division'] as const;

function extensionAttributes(extension: EnterpriseExtension): AttributeDefinitionJson[] {
  if (extension === 'none') return [];
  const path = extension === 'scim2' ? enterprise2 : enterprise1;
  return [...strings(ENTERPRISE_FIELDS.map(path)), reference(path('manager'), ['User'])];
}

export function scimUserObject(options: ScimUserOptions = {}): ObjectDefinitionJson {
  const attributes = [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('userName', { required: true, metadata: options.userNameMetadata }),
    bool('active'),
    ...strings(['displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone']),
    attribute('externalId', { caseExact: true }),
    ...strings([workEmail, 'name.givenName', 'name.familyName', 'name.formatted']),
    ...strings(['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map(workAddress)),
    ...strings([phone('work'), phone('mobile'), phone('fax')]),
    ...(options.roles === true ? strings([primaryRole('display'), primaryRole('type'), primaryRole('value')]) : []),
    ...extensionAttributes(options.extension ?? 'scim2'),
    ...(options.extra ?? []),
  ];
  return objectDefinition('User', attributes, {
    metadata: objectMetadata({ softDeletion: true, storage: false, synchronizeAll: true, accountEnabled: 'active' }),
  });
}

export interface ScimGroupOptions {
  /** The app stores externalId on groups (Slack does not). Default true. */
  readonly externalId?: boolean;
}

export function scimGroupObject(options: ScimGroupOptions = {}): ObjectDefinitionJson {
  const attributes = [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('displayName', { required: true }),
    ...(options.externalId === false ? [] : [attribute('externalId', { caseExact: true })]),
    reference('members', ['User', 'Group'], { multivalued: true }),
  ];
  return objectDefinition('Group', attributes, {
    metadata: objectMetadata({ softDeletion: false, storage: false, synchronizeAll: true }),
  });
}
