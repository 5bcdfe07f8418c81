/**
 * Microsoft Entra Cloud Sync: `AD2AADProvisioning` (users, inetOrgPersons and groups from
 * on-premises AD) and `AD2AADPasswordHash` (password hash sync of the same users). Both run on the
 * one cloud sync service principal and need the on-premises provisioning agent.
 */
import { activeDirectory } from './active-directory-objects.js';
import { defineTemplate, type CredentialField } from './define-template.js';
import { entraDirectory, entraGroupObject, entraUserObject } from './entra-objects.js';
import { attr, coalesce, constant, constantMapping, fn, mapping, objectMapping, rule, schema } from './mapping-builders.js';
import { attribute, extensionAttributes, strings } from './schema-builders.js';
import type { AttributeMappingJson, ObjectMappingJson } from './schema-types.js';
import type { TemplateDefinition } from './template-types.js';

const CLOUD_SYNC_APPLICATION_ID = '1a4721b3-e57f-4451-ae87-ef078703ec94';
const CREDENTIALS: readonly CredentialField[] = [
  { key: 'AppKey', label: 'Application key' },
  { key: 'Domain', label: 'Active Directory domain' },
];

const ON_PREMISES = ['onPremisesSamAccountName', 'onPremisesSecurityIdentifier', 'onPremisesDistinguishedName'];
const sourceAnchor = (): AttributeMappingJson =>
  mapping('SourceAnchor', coalesce('msDS-ConsistencyGuid', 'objectGUID'), { matchingPriority: 1 });

function directories() {
  const entra = entraDirectory([
    entraUserObject([
      attribute('SourceAnchor', { mutability: 'Immutable' }),
      attribute('CredentialData', { type: 'Binary', mutability: 'WriteOnly' }),
      ...strings([...ON_PREMISES, 'onPremisesUserPrincipalName', 'onPremisesDomainName']),
    ]),
    entraGroupObject([attribute('SourceAnchor', { mutability: 'Immutable' }), ...strings(ON_PREMISES)]),
  ]);
  return { ad: activeDirectory(), entra };
}

/** `Switch(BitAnd([userAccountControl], "2"), "True", "2", "False")`: disabled accounts have bit 2 set. */
const accountEnabled = fn(
  'Switch',
  ['source', fn('BitAnd', ['value1', attr('userAccountControl')], ['value2', constant('2')])],
  ['defaultValue', constant('True')],
  ['key', constant('2')],
  ['value', constant('False')],
);

function personMappings(): AttributeMappingJson[] {
  const renamed: Readonly<Record<string, string>> = {
    userPrincipalName: 'userPrincipalName', givenName: 'givenName', surname: 'sn', mail: 'mail', jobTitle: 'title',
    department: 'department', companyName: 'company', employeeId: 'employeeID', telephoneNumber: 'telephoneNumber',
    mobile: 'mobile', facsimileTelephoneNumber: 'facsimileTelephoneNumber', streetAddress: 'streetAddress', city: 'l',
    state: 'st', postalCode: 'postalCode', country: 'co', physicalDeliveryOfficeName: 'physicalDeliveryOfficeName',
    manager: 'manager', proxyAddresses: 'proxyAddresses', onPremisesSamAccountName: 'sAMAccountName',
    onPremisesSecurityIdentifier: 'objectSid', onPremisesDistinguishedName: 'distinguishedName',
    onPremisesUserPrincipalName: 'userPrincipalName',
  };
  return [
    sourceAnchor(),
    mapping('accountEnabled', accountEnabled),
    mapping('displayName', coalesce('displayName', 'cn')),
    mapping('mailNickname', coalesce('mailNickname', 'sAMAccountName')),
    ...Object.entries(renamed).map(([target, source]) => mapping(target, source)),
    ...extensionAttributes().map(({ name }) => mapping(name, name)),
    constantMapping('dirSyncEnabled', 'True'),
  ];
}

function groupMappings(): AttributeMappingJson[] {
  return [
    sourceAnchor(),
    mapping('displayName', coalesce('displayName', 'cn')),
    mapping('mailNickname', coalesce('mailNickname', 'sAMAccountName')),
    ...['description', 'mail', 'proxyAddresses'].map((name) => mapping(name, name)),
    mapping('members', 'member'),
    mapping('onPremisesSamAccountName', 'sAMAccountName'),
    mapping('onPremisesSecurityIdentifier', 'objectSid'),
    mapping('onPremisesDistinguishedName', 'distinguishedName'),
    constantMapping('securityEnabled', 'True'),
    constantMapping('mailEnabled', 'False'),
    constantMapping('dirSyncEnabled', 'True'),
  ];
}

function provisioningMappings(): ObjectMappingJson[] {
  const attributeMappings = personMappings();
  return [
    objectMapping({ name: 'Provision Active Directory Users', source: 'user', target: 'User', attributeMappings }),
    objectMapping({ name: 'Provision Active Directory inetOrgPersons', source: 'inetOrgPerson', target: 'User', attributeMappings }),
    objectMapping({ name: 'Provision Active Directory Groups', source: 'group', target: 'Group', attributeMappings: groupMappings() }),
  ];
}

/** Password hash sync only updates existing users: match on SourceAnchor, write CredentialData. */
function passwordHashMappings(): ObjectMappingJson[] {
  const attributeMappings = [sourceAnchor(), mapping('CredentialData', 'PasswordHash')];
  return (['user', 'inetOrgPerson'] as const).map((source) =>
    objectMapping({
      name: `Synchronize Active Directory password hashes of ${source === 'user' ? 'Users' : 'inetOrgPersons'}`,
      source,
      target: 'User',
      flowTypes: 'Update',
      attributeMappings,
    }),
  );
}

const provisioning = directories();
const passwordHash = directories();

export const CLOUD_SYNC_PROVISIONING_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'AD2AADProvisioning',
  factoryTag: 'AD2AADProvisioning',
  description: 'Microsoft Entra Cloud Sync: provision users, inetOrgPersons and groups from on-premises Active Directory.',
  applicationId: CLOUD_SYNC_APPLICATION_ID,
  agentRequired: true,
  credentials: CREDENTIALS,
  defaultSettings: [],
  schema: schema('Date:2024-06-03T14:26:51.1187745Z', [provisioning.ad, provisioning.entra], [
    rule({
      id: '896cf1fb-d98d-4461-bc02-2cdfbcbbe988',
      name: 'USER_INBOUND_USER',
      source: provisioning.ad,
      target: provisioning.entra,
      objectMappings: provisioningMappings(),
    }),
  ]),
});

export const CLOUD_SYNC_PASSWORD_HASH_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'AD2AADPasswordHash',
  factoryTag: 'AD2AADPasswordHash',
  description: 'Microsoft Entra Cloud Sync: synchronize password hashes of on-premises Active Directory users.',
  applicationId: CLOUD_SYNC_APPLICATION_ID,
  default: false,
  agentRequired: true,
  credentials: CREDENTIALS,
  defaultSettings: [],
  schema: schema('Date:2024-06-03T14:26:52.0461378Z', [passwordHash.ad, passwordHash.entra], [
    rule({
      id: 'ff9ef56d-c7e4-4245-a12a-261e7a0d218c',
      name: 'PASSWORDHASH_INBOUND_USER',
      source: passwordHash.ad,
      target: passwordHash.entra,
      objectMappings: passwordHashMappings(),
    }),
  ]),
});
