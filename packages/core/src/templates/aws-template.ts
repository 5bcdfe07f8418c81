/**
 * AWS single-account access (`aws`): users out to AWS with their roles, plus the non-editable rule
 * that imports the account's IAM roles into the service principal's app roles.
 */
import { defineTemplate, QUARANTINE_DELETE_THRESHOLD } from './define-template.js';
import { activeFromSoftDeleted, attr, constantMapping, fn, join, mapping, objectMapping, rule } from './mapping-builders.js';
import { entraAppRoleObject } from './entra-objects.js';
import { outboundSchema } from './outbound-schema.js';
import { anchor, attribute, bool, directory, multi, objectDefinition, objectMetadata, strings } from './schema-builders.js';
import type { TemplateDefinition } from './template-types.js';

const awsUser = objectDefinition(
  'User',
  [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('userName', { required: true }),
    bool('active'),
    ...strings(['displayName', 'name.givenName', 'name.familyName', 'emails[type eq "work"].value']),
    multi('roles'),
  ],
  { metadata: objectMetadata({ softDeletion: true, storage: false, synchronizeAll: false, accountEnabled: 'active' }) },
);

const awsRole = objectDefinition(
  'Role',
  [
    anchor('Arn', { caseExact: true, mutability: 'ReadOnly' }),
    attribute('RoleName', { required: true }),
    ...strings(['Description', 'Path', 'SamlProviderArn']),
  ],
  { metadata: objectMetadata({ softDeletion: false, storage: true, synchronizeAll: true }) },
);

export const AWS_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'aws',
  factoryTag: 'aws',
  description: 'Provision users to an AWS account and import its IAM roles as app roles.',
  applicationId: 'e6c55310-692d-4c80-8570-d850300e411a',
  credentials: [
    { key: 'ClientSecret', label: 'clientsecret' },
    { key: 'SecretToken', label: 'Secret Token', secret: true },
  ],
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2023-05-16T07:48:26.0862712Z',
    ruleId: '73f7da8f-3f7c-48c5-9458-4f6669f5fde7',
    app: directory('f512171d-b75a-4590-8eac-9680e70cac55', 'aws', [awsUser, awsRole]),
    users: [
      mapping('userName', 'userPrincipalName', { matchingPriority: 1 }),
      mapping('active', activeFromSoftDeleted()),
      mapping('displayName', 'displayName'),
      mapping('name.givenName', 'givenName'),
      mapping('name.familyName', 'surname'),
      mapping('emails[type eq "work"].value', 'mail'),
      mapping('roles', fn('AppRoleAssignmentsComplex', ['source', attr('appRoleAssignments')])),
    ],
    naming: 'synchronize',
    extraEntraObjects: [entraAppRoleObject()],
    extraRules: (entra, app) => [
      rule({
        id: 'ce706399-20ff-4cd3-942a-7e87e3a75228',
        name: 'ROLE_INBOUND_APPROLE',
        source: app,
        target: entra,
        priority: 2,
        editable: false,
        objectMappings: [
          objectMapping({
            name: 'Import AWS roles',
            source: 'Role',
            target: 'AppRole',
            flowTypes: 'Add, Update',
            attributeMappings: [
              mapping('value', join(',', 'Arn', 'SamlProviderArn'), { matchingPriority: 1 }),
              mapping('displayName', 'RoleName'),
              mapping('description', 'Description', { defaultValue: 'AWS IAM role' }),
              constantMapping('allowedMemberTypes', 'User'),
              constantMapping('isEnabled', 'True'),
            ],
          }),
        ],
      }),
    ],
  }),
});
