/**
 * Templates of SCIM apps: the non-gallery SCIM app (`scim`, factory CustomSCIM), the older
 * `customappsso`, and the gallery SCIM apps Slack (SCIM 1.1) and GitHub Enterprise Cloud (EMU).
 */
import { defineTemplate, QUARANTINE_DELETE_THRESHOLD, SCIM_CREDENTIALS } from './define-template.js';
import { activeFromSoftDeleted, attr, fn, join, mapping, notSoftDeleted } from './mapping-builders.js';
import { outboundSchema } from './outbound-schema.js';
import { directory, multi } from './schema-builders.js';
import {
  enterprise1,
  enterprise2,
  phone,
  primaryRole,
  scimGroupObject,
  scimUserObject,
  workAddress,
  workEmail,
} from './scim-objects.js';
import type { AttributeMappingJson } from './schema-types.js';
import type { TemplateDefinition } from './template-types.js';

/** The application template of "non-gallery" apps, which both custom SCIM templates belong to. */
const NON_GALLERY_APPLICATION_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';

/** Entra User to SCIM User, as the service maps a fresh SCIM 2.0 app. */
function standardUserMappings(): AttributeMappingJson[] {
  return [
    mapping('userName', 'userPrincipalName', { matchingPriority: 1 }),
    mapping('active', activeFromSoftDeleted()),
    mapping('displayName', 'displayName'),
    mapping('title', 'jobTitle'),
    mapping(workEmail, 'mail'),
    mapping('preferredLanguage', 'preferredLanguage'),
    mapping('name.givenName', 'givenName'),
    mapping('name.familyName', 'surname'),
    mapping('name.formatted', join(' ', 'givenName', 'surname')),
    mapping(workAddress('formatted'), 'physicalDeliveryOfficeName'),
    mapping(workAddress('streetAddress'), 'streetAddress'),
    mapping(workAddress('locality'), 'city'),
    mapping(workAddress('region'), 'state'),
    mapping(workAddress('postalCode'), 'postalCode'),
    mapping(workAddress('country'), 'country'),
    mapping(phone('work'), 'telephoneNumber'),
    mapping(phone('mobile'), 'mobile'),
    mapping(phone('fax'), 'facsimileTelephoneNumber'),
    mapping('externalId', 'mailNickname'),
    mapping(enterprise2('employeeNumber'), 'employeeId'),
    mapping(enterprise2('department'), 'department'),
    mapping(enterprise2('manager'), 'manager'),
  ];
}

function standardGroupMappings(): AttributeMappingJson[] {
  return [
    mapping('displayName', 'displayName', { matchingPriority: 1 }),
    mapping('externalId', 'objectId'),
    mapping('members', 'members'),
  ];
}

export const SCIM_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'scim',
  factoryTag: 'CustomSCIM',
  description: 'Provision users and groups to any SCIM 2.0 endpoint (non-gallery application).',
  applicationId: NON_GALLERY_APPLICATION_ID,
  galleryApplicationKey: 'customappsso',
  credentials: SCIM_CREDENTIALS,
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2024-03-11T11:07:48.7217138Z',
    ruleId: '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8#V2',
    app: directory('ce6145c4-0f4f-4638-8164-372a64c62f7b', 'customappsso', [scimUserObject(), scimGroupObject()]),
    users: standardUserMappings(),
    groups: standardGroupMappings(),
    naming: 'provision',
  }),
});

export const CUSTOMAPPSSO_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'customappsso',
  factoryTag: 'customappsso',
  description: 'Provision users and groups of a non-gallery (custom SSO) application over SCIM, with app roles.',
  applicationId: NON_GALLERY_APPLICATION_ID,
  default: false,
  credentials: SCIM_CREDENTIALS,
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2023-11-02T09:41:12.3358271Z',
    ruleId: 'cbd16560-1d0d-4522-a0dc-c564d30b7462',
    app: directory('044a39cc-d5cc-479c-81db-2af44373b785', 'customappsso', [
      scimUserObject({ roles: true }),
      scimGroupObject(),
    ]),
    users: [
      ...standardUserMappings(),
      mapping(primaryRole('value'), fn('SingleAppRoleAssignment', ['source', attr('appRoleAssignments')])),
    ],
    groups: standardGroupMappings(),
    naming: 'provision',
  }),
});

/** Slack speaks SCIM 1.1, matches users by e-mail, caps userName at 21 characters, and keeps no externalId on groups. */
export const SLACK_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'slack',
  factoryTag: 'slack',
  description: 'Provision users and groups to a Slack workspace or Enterprise Grid organization.',
  applicationId: 'bfad9eff-9b9d-4406-8925-08b6a01732c2',
  oauth: true,
  credentials: [{ key: 'Oauth2AccessToken', label: 'Authorize', secret: true }],
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2024-01-18T16:20:05.1174406Z',
    ruleId: 'ecc8532d-31cd-4e75-84f0-74d8b76fd6a2',
    app: directory('e8c47b71-3097-40c7-aaaf-c48cf2b23246', 'Slack', [
      scimUserObject({ extension: 'scim1', userNameMetadata: { MaximumLength: '21' } }),
      scimGroupObject({ externalId: false }),
    ]),
    users: [
      mapping(workEmail, 'userPrincipalName', { matchingPriority: 1 }),
      mapping('active', notSoftDeleted()),
      mapping('userName', 'mailNickname'),
      mapping('displayName', 'displayName'),
      mapping('nickName', 'mailNickname'),
      mapping('title', 'jobTitle'),
      mapping('name.givenName', 'givenName'),
      mapping('name.familyName', 'surname'),
      mapping(phone('work'), 'telephoneNumber'),
      mapping(enterprise1('employeeNumber'), 'employeeId'),
      mapping(enterprise1('department'), 'department'),
      mapping(enterprise1('organization'), 'companyName'),
      mapping(enterprise1('manager'), 'manager'),
    ],
    groups: [mapping('displayName', 'displayName', { matchingPriority: 1 }), mapping('members', 'members')],
    naming: 'provision',
  }),
});

/** GitHub Enterprise Managed Users: externalId is the Entra objectId, roles come from app role assignments. */
export const GITHUB_ENTERPRISE_CLOUD_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'gitHubEnterpriseCloud',
  factoryTag: 'gitHubEnterpriseCloud',
  description: 'Provision Enterprise Managed Users and groups to GitHub Enterprise Cloud.',
  applicationId: '7f3d9735-5d3e-4f2d-a2c7-f5ec3c742a51',
  credentials: SCIM_CREDENTIALS,
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2024-05-07T08:12:55.9034127Z',
    ruleId: 'f03956c5-29b5-4a88-b20a-d6460919487a',
    app: directory('7751c8d6-ac90-4ccb-90b6-96dc28eb7f71', 'GitHub', [
      scimUserObject({ extension: 'none', extra: [multi('roles')] }),
      scimGroupObject(),
    ]),
    users: [
      mapping('userName', 'userPrincipalName', { matchingPriority: 1 }),
      mapping('active', activeFromSoftDeleted()),
      mapping('displayName', 'displayName'),
      mapping('name.givenName', 'givenName'),
      mapping('name.familyName', 'surname'),
      mapping('name.formatted', join(' ', 'givenName', 'surname')),
      mapping(workEmail, 'mail'),
      mapping('externalId', 'objectId', { matchingPriority: 2 }),
      mapping('roles', fn('AssertiveAppRoleAssignmentsComplex', ['source', attr('appRoleAssignments')]), {
        defaultValue: 'User',
      }),
    ],
    groups: [
      mapping('displayName', 'displayName'),
      mapping('externalId', 'objectId', { matchingPriority: 1 }),
      mapping('members', 'members'),
    ],
    naming: 'provision',
  }),
});
