/** Google Workspace (`gsuite`): Directory API field paths (primaryEmail, name.givenName, organizations...). */
import { defineTemplate, QUARANTINE_DELETE_THRESHOLD } from './define-template.js';
import { activeFromSoftDeleted, mapping } from './mapping-builders.js';
import { outboundSchema } from './outbound-schema.js';
import { anchor, attribute, bool, directory, multi, objectDefinition, objectMetadata, reference, strings } from './schema-builders.js';
import type { TemplateDefinition } from './template-types.js';

const organization = (part: string): string => `organizations[type eq "work"].${part}`;
const address = (part: string): string => `addresses[type eq "work"].${part}`;
const phone = (type: string): string => `phones[type eq "${type}"].value`;
const MANAGER = 'relations[type eq "manager"].value';

const googleUser = objectDefinition(
  'User',
  [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    ...strings(['primaryEmail', 'name.givenName', 'name.familyName'], { required: true }),
    bool('suspended'),
    attribute('password', { mutability: 'WriteOnly' }),
    bool('changePasswordAtNextLogin'),
    bool('includeInGlobalAddressList'),
    attribute('orgUnitPath', { defaultValue: '/' }),
    ...strings(['title', 'department', 'costCenter'].map(organization)),
    ...strings(['streetAddress', 'locality', 'region', 'postalCode', 'country'].map(address)),
    ...strings([phone('work'), phone('mobile'), 'externalIds[type eq "organization"].value']),
    reference(MANAGER, ['User']),
    multi('aliases'),
  ],
  { metadata: objectMetadata({ softDeletion: true, storage: false, synchronizeAll: true, accountEnabled: 'suspended' }) },
);

const googleGroup = objectDefinition(
  'Group',
  [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('email', { required: true }),
    ...strings(['name', 'description']),
    reference('members', ['User', 'Group'], { multivalued: true }),
    multi('aliases'),
  ],
  { metadata: objectMetadata({ softDeletion: false, storage: false, synchronizeAll: true }) },
);

export const GSUITE_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'gsuite',
  factoryTag: 'gsuite',
  description: 'Provision users and groups to Google Workspace (formerly G Suite).',
  applicationId: '0004fe3e-d0c8-4a43-9268-8b9911e1813a',
  oauth: true,
  credentials: [{ key: 'Oauth2AccessToken', label: 'Authorize', secret: true }],
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2024-02-27T18:30:09.4471093Z',
    ruleId: '73fe7436-ec8e-4466-8dc9-265279ad6156',
    app: directory('76505859-9d76-48c3-8c0e-5175fd8bbdeb', 'G Suite', [googleUser, googleGroup]),
    users: [
      mapping('primaryEmail', 'userPrincipalName', { matchingPriority: 1 }),
      mapping('name.givenName', 'givenName', { defaultValue: '_' }),
      mapping('name.familyName', 'surname', { defaultValue: '_' }),
      mapping('suspended', activeFromSoftDeleted('False', 'True')),
      mapping(organization('title'), 'jobTitle'),
      mapping(organization('department'), 'department'),
      mapping(address('streetAddress'), 'streetAddress'),
      mapping(address('locality'), 'city'),
      mapping(address('region'), 'state'),
      mapping(address('postalCode'), 'postalCode'),
      mapping(address('country'), 'country'),
      mapping(phone('work'), 'telephoneNumber'),
      mapping(phone('mobile'), 'mobile'),
      mapping('externalIds[type eq "organization"].value', 'employeeId'),
      mapping(MANAGER, 'manager'),
    ],
    groups: [
      mapping('email', 'mail', { matchingPriority: 1 }),
      mapping('name', 'displayName'),
      mapping('description', 'description'),
      mapping('members', 'members'),
    ],
    naming: 'synchronize',
  }),
});
