/**
 * On-premises Active Directory as cloud sync's source directory ("Active Directory"): the user,
 * inetOrgPerson and group classes with their LDAP attribute names.
 */
import type { AttributeDefinitionJson, DirectoryDefinitionJson, ObjectDefinitionJson } from './schema-types.js';
import {
  anchor,
  attribute,
  directory,
  extensionAttributes,
  multi,
  objectDefinition,
  objectMetadata,
  reference,
  strings,
} from './schema-builders.js';

export const AD_DIRECTORY_NAME = 'Active Directory';

const binary = (name: string): AttributeDefinitionJson => attribute(name, { type: 'Binary', mutability: 'ReadOnly' });
const integer = (name: string): AttributeDefinitionJson => attribute(name, { type: 'Integer' });
const METADATA = objectMetadata({ softDeletion: false, storage: true, synchronizeAll: true });

/** The attributes every object class starts with: identity and naming. */
function identity(): AttributeDefinitionJson[] {
  return [
    anchor('objectGUID', { type: 'Binary', mutability: 'Immutable' }),
    binary('msDS-ConsistencyGuid'),
    binary('objectSid'),
    attribute('sAMAccountName', { required: true }),
    ...strings(['distinguishedName', 'cn'], { mutability: 'ReadOnly' }),
    ...strings(['displayName', 'description', 'mail', 'mailNickname']),
    multi('proxyAddresses'),
  ];
}

/** user and inetOrgPerson share one attribute set. */
function person(name: 'user' | 'inetOrgPerson'): ObjectDefinitionJson {
  return objectDefinition(
    name,
    [
      ...identity(),
      ...strings(['userPrincipalName', 'givenName', 'sn', 'title', 'department', 'company', 'employeeID']),
      ...strings(['telephoneNumber', 'mobile', 'facsimileTelephoneNumber', 'physicalDeliveryOfficeName']),
      ...strings(['streetAddress', 'l', 'st', 'postalCode', 'c', 'co']),
      reference('manager', ['user', 'inetOrgPerson']),
      integer('userAccountControl'),
      integer('accountExpires'),
      integer('pwdLastSet'),
      binary('PasswordHash'),
      ...extensionAttributes(),
    ],
    { metadata: METADATA },
  );
}

function group(): ObjectDefinitionJson {
  return objectDefinition(
    'group',
    [...identity(), integer('groupType'), reference('member', ['user', 'inetOrgPerson', 'group'], { multivalued: true })],
    { metadata: METADATA },
  );
}

export function activeDirectory(): DirectoryDefinitionJson {
  return directory('c5805502-2646-445e-8073-afe76de28e20', AD_DIRECTORY_NAME, [person('user'), person('inetOrgPerson'), group()], {
    discoverabilities: 'AttributeNames, AttributeDataTypes, AttributeReadOnly, ReferenceAttributes',
  });
}
