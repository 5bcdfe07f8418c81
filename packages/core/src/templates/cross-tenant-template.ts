/**
 * Cross-tenant synchronization (`Azure2Azure`): Users of this tenant to users (Members) of a target
 * tenant, matched on alternativeSecurityIds. Credentials are the target tenant id + `SyncPolicy`.
 */
import { defineTemplate } from './define-template.js';
import { ENTRA_DIRECTORY_NAME, entraDirectory, entraUserObject } from './entra-objects.js';
import { constantMapping, mapping, objectMapping, rule, schema } from './mapping-builders.js';
import { bool, directory } from './schema-builders.js';
import type { TemplateDefinition } from './template-types.js';

/** Attributes that flow unchanged from the source user to the target user. */
const SAME_NAME = [
  'accountEnabled', 'IsSoftDeleted', 'userPrincipalName', 'displayName', 'givenName', 'surname', 'mail', 'mailNickname',
  'jobTitle', 'department', 'companyName', 'employeeId', 'streetAddress', 'city', 'state', 'postalCode', 'country',
  'telephoneNumber', 'mobile', 'preferredLanguage', 'usageLocation', 'manager',
];

const source = entraDirectory([entraUserObject()]);
const target = directory('4d64f804-33c4-4cc2-926d-a954dabca916', `${ENTRA_DIRECTORY_NAME} (target tenant)`, [
  entraUserObject([bool('showInAddressList')]),
]);

export const CROSS_TENANT_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'Azure2Azure',
  factoryTag: 'Azure2Azure',
  description: 'Cross-tenant synchronization: provision users of this tenant into a target Microsoft Entra tenant.',
  applicationId: '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7',
  credentials: [
    { key: 'CompanyId', label: 'Tenant Id' },
    { key: 'AuthenticationType', label: 'Authentication Type' },
  ],
  defaultSettings: [
    { name: 'AzureIngestionAttributeOptimization', value: 'False' },
    { name: 'LookaheadQueryEnabled', value: 'False' },
  ],
  schema: schema(
    'Date:2024-04-09T21:14:37.5920833Z',
    [source, target],
    [
      rule({
        id: '655b78c7-2ec8-4dfc-8087-9a6e00135c81',
        name: 'USER_TO_USER',
        source,
        target,
        objectMappings: [
          objectMapping({
            name: `Provision ${ENTRA_DIRECTORY_NAME} Users`,
            source: 'User',
            target: 'User',
            attributeMappings: [
              mapping('alternativeSecurityIds', 'alternativeSecurityIds', { matchingPriority: 1 }),
              ...SAME_NAME.map((name) => mapping(name, name)),
              constantMapping('showInAddressList', 'true'),
              constantMapping('userType', 'Member'),
            ],
          }),
        ],
      }),
    ],
  ),
});
