/**
 * Salesforce Sandbox (`SfSandboxOutDelta`): users only, into the "salesforce.com" directory; the
 * mappings follow the Salesforce schema shown in the Graph docs (Alias = Mid(upn, 1, 8), ProfileName
 * from the app role, locale keys from preferredLanguage...).
 */
import { defineTemplate, QUARANTINE_DELETE_THRESHOLD } from './define-template.js';
import { attr, constant, constantMapping, fn, mapping, notSoftDeleted } from './mapping-builders.js';
import { outboundSchema } from './outbound-schema.js';
import { anchor, attribute, bool, directory, objectDefinition, objectMetadata, reference, strings } from './schema-builders.js';
import type { TemplateDefinition } from './template-types.js';

const PERMISSIONS = ['UserPermissionsCallCenterAutoLogin', 'UserPermissionsMarketingUser', 'UserPermissionsOfflineUser'];
const LOCALE_KEYS = ['EmailEncodingKey', 'LanguageLocaleKey', 'LocaleSidKey', 'TimeZoneSidKey'];

const salesforceUser = objectDefinition(
  'User',
  [
    anchor('Id', { caseExact: true }),
    ...strings(['Username', 'Email', 'LastName', 'ProfileName', ...LOCALE_KEYS], { required: true }),
    attribute('Alias', { required: true, metadata: { MaximumLength: '8' } }),
    attribute('CommunityNickname', { metadata: { MaximumLength: '40' } }),
    bool('IsActive'),
    ...strings(['FirstName', 'Title', 'Department', 'CompanyName', 'EmployeeNumber', 'FederationIdentifier']),
    ...strings(['Phone', 'MobilePhone', 'Street', 'City', 'State', 'PostalCode', 'Country']),
    reference('ManagerId', ['User']),
    ...PERMISSIONS.map((name) => bool(name)),
  ],
  { metadata: objectMetadata({ softDeletion: true, storage: true, synchronizeAll: false, accountEnabled: 'IsActive' }) },
);

const salesforceProfile = objectDefinition(
  'Profile',
  [anchor('Id', { caseExact: true }), attribute('Name', { required: true }), attribute('Description')],
  { metadata: objectMetadata({ softDeletion: false, storage: true, synchronizeAll: false }) },
);

/** `Replace([preferredLanguage], "-", , , "_", , )`: en-US to en_US (parameter keys as the service names them). */
const localeFromPreferredLanguage = fn(
  'Replace',
  ['source', attr('preferredLanguage')],
  ['Find', constant('-')],
  undefined,
  undefined,
  ['Replacement', constant('_')],
  undefined,
  undefined,
);

export const SALESFORCE_SANDBOX_TEMPLATE: TemplateDefinition = defineTemplate({
  id: 'SfSandboxOutDelta',
  factoryTag: 'salesforceSandbox',
  description: 'Provision users to a Salesforce Sandbox organization.',
  applicationId: '721414eb-9ca9-4366-9f71-e5ac25e85087',
  credentials: [
    { key: 'UserName', label: 'Admin Username' },
    { key: 'Password', label: 'Admin Password', secret: true },
    { key: 'SecretToken', label: 'Secret Token', secret: true },
  ],
  defaultSettings: QUARANTINE_DELETE_THRESHOLD,
  schema: outboundSchema({
    version: 'Date:2022-07-20T10:03:44.2310945Z',
    ruleId: '4c5ecfa1-a072-4460-b1c3-4adde3479854',
    app: directory('8ffa6169-f354-4751-9b77-9c00765be92d', 'salesforce.com', [salesforceUser, salesforceProfile]),
    users: [
      mapping('IsActive', notSoftDeleted(), { defaultValue: 'True' }),
      mapping('Alias', fn('Mid', ['source', attr('userPrincipalName')], ['start', constant('1')], ['length', constant('8')])),
      mapping('Email', 'mail'),
      constantMapping('EmailEncodingKey', 'ISO-8859-1'),
      constantMapping('LanguageLocaleKey', 'en_US'),
      mapping('FirstName', 'givenName'),
      mapping('LastName', 'surname', { defaultValue: '.' }),
      mapping('LocaleSidKey', localeFromPreferredLanguage, { defaultValue: 'en_US' }),
      mapping('ProfileName', fn('SingleAppRoleAssignment', ['source', attr('appRoleAssignments')]), {
        defaultValue: 'Chatter Free User',
      }),
      constantMapping('TimeZoneSidKey', 'America/Los_Angeles'),
      mapping('Username', 'userPrincipalName', { matchingPriority: 1 }),
      mapping('CommunityNickname', 'mailNickname'),
      mapping('Title', 'jobTitle'),
      mapping('Department', 'department'),
      mapping('Phone', 'telephoneNumber'),
      mapping('MobilePhone', 'mobile'),
      mapping('FederationIdentifier', 'userPrincipalName'),
      mapping('ManagerId', 'manager'),
      ...PERMISSIONS.map((name) => constantMapping(name, 'False')),
    ],
    naming: 'synchronize',
  }),
});
