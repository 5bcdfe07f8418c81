/**
 * API-driven inbound provisioning (`API2AAD`): an HR source posts SCIM users to the bulkUpload
 * endpoint; the "API" directory holds that SCIM user (core + enterprise extension), keyed by
 * externalId, which matches the Entra user's employeeId.
 */
import { defineTemplate } from './define-template.js';
import { entraDirectory, entraUserObject } from './entra-objects.js';
import { attr, constant, fn, mapping, objectMapping, rule, schema } from './mapping-builders.js';
import { anchor, attribute, bool, directory, objectDefinition, objectMetadata, reference, strings } from './schema-builders.js';
import { ENTERPRISE_USER_SCHEMA, enterprise2, phone, workAddress, workEmail } from './scim-objects.js';
import type { TemplateDefinition } from './template-types.js';

const ENTERPRISE = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'];

const apiUser = objectDefinition(
  'User',
  [
    anchor('externalId', { caseExact: true }),
    attribute('userName', { required: true }),
    bool('active'),
    ...strings(['displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone']),
    ...strings(['name.givenName', 'name.familyName', 'name.middleName', 'name.formatted', workEmail]),
    ...strings([phone('work'), phone('mobile')]),
    ...strings(['streetAddress', 'locality', 'region', 'postalCode', 'country'].map(workAddress)),
    ...strings(ENTERPRISE.map(enterprise2)),
    reference(enterprise2('manager'), ['User']),
  ],
  { metadata: objectMetadata({ softDeletion: false, storage: true, synchronizeAll: true, accountEnabled: 'active' }) },
);

const api = directory('d2c3efd5-2000-42fe-aed9-ce472ed23cb3', 'API', [apiUser]);
const entra = entraDirectory([
  entraUserObject([
    ...strings(['employeeOrgData.costCenter', 'employeeOrgData.division']),
    attribute('passwordProfile.password', { mutability: 'WriteOnly' }),
  ]),
]);

/** `Replace([userName], , "(?<Suffix>@(.)*)", "Suffix", "", , )`: the part of userName before the "@". */
const localPart = fn(
  'Replace',
  ['source', attr('userName')],
  undefined,
  ['regexPattern', constant('(?<Suffix>@(.)*)')],
  ['regexGroupName', constant('Suffix')],
  ['replacementValue', constant('')],
  undefined,
  undefined,
);

/** A random first password, set only when the user is created. */
const randomPassword = fn(
  'RandomString',
  ['Length', constant('16')],
  ['MinimumNumbers', constant('1')],
  ['MinimumSpecialCharacters', constant('1')],
  ['MinimumCapital', constant('1')],
  ['MinimumLowerCase', constant('1')],
);

export const API_INBOUND_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'API2AAD',
  factoryTag: 'API2AAD',
  description: 'API-driven inbound provisioning: create and update Microsoft Entra users from SCIM payloads posted to bulkUpload.',
  applicationId: 'c431b8d2-ec7d-4aaf-8aa0-442e4442e67b',
  credentials: [],
  defaultSettings: [],
  schema: schema('Date:2024-01-30T12:02:19.8812240Z', [api, entra], [
    rule({
      id: '08bc9927-2c43-457e-bb11-84c2565a972d',
      name: 'USER_INBOUND_USER',
      source: api,
      target: entra,
      objectMappings: [
        objectMapping({
          name: `Provision API ${ENTERPRISE_USER_SCHEMA}`,
          source: 'User',
          target: 'User',
          flowTypes: 'Add, Update',
          attributeMappings: [
            mapping('employeeId', 'externalId', { matchingPriority: 1 }),
            mapping('accountEnabled', 'active'),
            mapping('userPrincipalName', 'userName'),
            mapping('mailNickname', localPart),
            mapping('displayName', 'displayName'),
            mapping('givenName', 'name.givenName'),
            mapping('surname', 'name.familyName'),
            mapping('jobTitle', 'title'),
            mapping('employeeType', 'userType'),
            mapping('preferredLanguage', 'preferredLanguage'),
            mapping('department', enterprise2('department')),
            mapping('companyName', enterprise2('organization')),
            mapping('employeeOrgData.costCenter', enterprise2('costCenter')),
            mapping('employeeOrgData.division', enterprise2('division')),
            mapping('manager', enterprise2('manager')),
            mapping('telephoneNumber', phone('work')),
            mapping('mobile', phone('mobile')),
            mapping('streetAddress', workAddress('streetAddress')),
            mapping('city', workAddress('locality')),
            mapping('state', workAddress('region')),
            mapping('postalCode', workAddress('postalCode')),
            mapping('country', workAddress('country')),
            mapping('usageLocation', workAddress('country')),
            mapping('passwordProfile.password', randomPassword, { flowType: 'ObjectAddOnly' }),
          ],
        }),
      ],
    }),
  ]),
});
