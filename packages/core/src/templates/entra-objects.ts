/**
 * The Entra ID ("Azure Active Directory") side of the schemas: its directory, and its User, Group
 * and AppRole object definitions. Templates add the few extra attributes their scenario needs.
 */
import type { AttributeDefinitionJson, DirectoryDefinitionJson, ObjectDefinitionJson } from './schema-types.js';
import {
  anchor,
  attribute,
  bool,
  directory,
  extensionAttributes,
  multi,
  objectDefinition,
  objectMetadata,
  reference,
  strings,
} from './schema-builders.js';

export const ENTRA_DIRECTORY_NAME = 'Azure Active Directory';
/** The id the service gives the Entra directory in every schema (as in the Graph docs' examples). */
export const ENTRA_DIRECTORY_ID = '66e4a8cc-1b7b-435e-95f8-f06cea133828';

/** User attributes common to every schema that has an Entra User. */
function userAttributes(): AttributeDefinitionJson[] {
  return [
    anchor('objectId', { required: false }),
    bool('IsSoftDeleted', { required: true }),
    bool('accountEnabled', { required: true }),
    attribute('userPrincipalName', { required: true }),
    attribute('displayName', { required: true }),
    ...strings(['givenName', 'surname', 'mail', 'mailNickname', 'jobTitle', 'department', 'companyName']),
    ...strings(['employeeId', 'employeeType', 'userType', 'preferredLanguage', 'usageLocation']),
    attribute('employeeHireDate', { type: 'DateTime' }),
    ...strings(['streetAddress', 'city', 'state', 'postalCode', 'country', 'physicalDeliveryOfficeName']),
    ...strings(['telephoneNumber', 'mobile', 'facsimileTelephoneNumber']),
    reference('manager', ['User']),
    reference('appRoleAssignments', []),
    multi('alternativeSecurityIds'),
    multi('otherMails'),
    multi('proxyAddresses'),
    bool('dirSyncEnabled'),
    ...extensionAttributes(),
  ];
}

function groupAttributes(): AttributeDefinitionJson[] {
  return [
    anchor('objectId', { required: false }),
    bool('IsSoftDeleted', { required: true }),
    attribute('displayName', { required: true }),
    ...strings(['description', 'mail', 'mailNickname']),
    bool('mailEnabled'),
    bool('securityEnabled'),
    reference('members', ['User', 'Group'], { multivalued: true }),
    reference('appRoleAssignments', []),
    multi('proxyAddresses'),
    bool('dirSyncEnabled'),
  ];
}

const USER_METADATA = objectMetadata({
  softDeletion: true,
  storage: true,
  synchronizeAll: true,
  accountEnabled: 'accountEnabled',
  softDeleted: 'IsSoftDeleted',
});
const GROUP_METADATA = objectMetadata({ softDeletion: true, storage: true, synchronizeAll: true, softDeleted: 'IsSoftDeleted' });

/** The Entra User, with `extra` attributes appended (names must not clash with the common ones). */
export function entraUserObject(extra: readonly AttributeDefinitionJson[] = []): ObjectDefinitionJson {
  return objectDefinition('User', [...userAttributes(), ...extra], { metadata: USER_METADATA });
}

export function entraGroupObject(extra: readonly AttributeDefinitionJson[] = []): ObjectDefinitionJson {
  return objectDefinition('Group', [...groupAttributes(), ...extra], { metadata: GROUP_METADATA });
}

/** The service principal's app roles, the target of role-import rules (AWS). */
export function entraAppRoleObject(): ObjectDefinitionJson {
  return objectDefinition(
    'AppRole',
    [
      anchor('id'),
      multi('allowedMemberTypes', { required: true }),
      ...strings(['description', 'displayName'], { required: true }),
      bool('isEnabled', { required: true }),
      ...strings(['origin', 'value']),
    ],
    { metadata: objectMetadata({ softDeletion: false, storage: false, synchronizeAll: false }) },
  );
}

/** The Entra directory of a schema: User, plus Group when the app takes groups, plus any extras. */
export function entraDirectory(objects: readonly ObjectDefinitionJson[]): DirectoryDefinitionJson {
  return directory(ENTRA_DIRECTORY_ID, ENTRA_DIRECTORY_NAME, objects);
}

/** The source directory of an ordinary outbound (Entra to app) schema. */
export function entraOutboundDirectory(withGroups: boolean): DirectoryDefinitionJson {
  return entraDirectory(withGroups ? [entraUserObject(), entraGroupObject()] : [entraUserObject()]);
}
