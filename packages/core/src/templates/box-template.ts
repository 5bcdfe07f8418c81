/** Box (`BoxOutDelta`): Box's own REST connector, so Box-style attribute names (login, job_title...). */
import { defineTemplate, QUARANTINE_DELETE_THRESHOLD } from './define-template.js';
import { activeFromSoftDeleted, join, mapping } from './mapping-builders.js';
import { outboundSchema } from './outbound-schema.js';
import { anchor, attribute, bool, directory, objectDefinition, objectMetadata, reference, strings } from './schema-builders.js';
import type { TemplateDefinition } from './template-types.js';

const boxUser = objectDefinition(
  'User',
  [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('login', { required: true }),
    attribute('name', { required: true, metadata: { MaximumLength: '50' } }),
    attribute('status', { defaultValue: 'active' }),
    ...strings(['job_title', 'phone', 'address', 'language', 'timezone', 'role']),
    attribute('space_amount', { type: 'Integer' }),
    bool('is_sync_enabled'),
  ],
  { metadata: objectMetadata({ softDeletion: true, storage: false, synchronizeAll: true, accountEnabled: 'status' }) },
);

const boxGroup = objectDefinition(
  'Group',
  [
    anchor('id', { required: false, mutability: 'ReadOnly', caseExact: true }),
    attribute('name', { required: true }),
    attribute('description'),
    reference('members', ['User'], { multivalued: true }),
  ],
  { metadata: objectMetadata({ softDeletion: false, storage: false, synchronizeAll: false }) },
);

export const BOX_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'BoxOutDelta',
  factoryTag: 'box',
  description: 'Provision users and groups to Box.',
  applicationId: 'a026e83d-10ee-44f1-a43c-1e15f8a717f4',
  oauth: true,
  credentials: [{ key: 'Oauth2AccessToken', label: 'Authorize', secret: true }],
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2023-08-22T13:55:31.6608213Z',
    ruleId: '74055b40-b4a5-4499-bd1a-43910402b4a9',
    app: directory('02f48434-c860-484d-bde6-8ab26a413090', 'Box', [boxUser, boxGroup]),
    users: [
      mapping('login', 'userPrincipalName', { matchingPriority: 1 }),
      mapping('name', 'displayName'),
      mapping('status', activeFromSoftDeleted('active', 'inactive')),
      mapping('job_title', 'jobTitle'),
      mapping('phone', 'telephoneNumber'),
      mapping('address', join(', ', 'streetAddress', 'city', 'state', 'postalCode', 'country')),
    ],
    groups: [
      mapping('name', 'displayName', { matchingPriority: 1 }),
      mapping('description', 'description'),
      mapping('members', 'members'),
    ],
    naming: 'synchronize',
  }),
});
