/** The members of synchronizationSecret (graph-sync-api.md §2.9), by name. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'None', 'UserName', 'Password', 'SecretToken', 'AppKey', 'BaseAddress', 'ClientIdentifier', 'ClientSecret', 'SingleSignOnType',
  'Sandbox', 'Url', 'Domain', 'ConsumerKey', 'ConsumerSecret', 'TokenKey', 'TokenExpiration', 'Oauth2AccessToken',
  'Oauth2AccessTokenCreationTime', 'Oauth2RefreshToken', 'SyncAll', 'InstanceName', 'Oauth2ClientId', 'Oauth2ClientSecret',
  'CompanyId', 'UpdateKeyOnSoftDelete', 'SynchronizationSchedule', 'SystemOfRecord', 'SandboxName', 'EnforceDomain',
  'SyncNotificationSettings', 'SkipOutOfScopeDeletions', 'Oauth2AuthorizationCode', 'Oauth2RedirectUri',
  'ApplicationTemplateIdentifier', 'Oauth2TokenExchangeUri', 'Oauth2AuthorizationUri', 'AuthenticationType', 'Server',
  'PerformInboundEntitlementGrants', 'HardDeletesEnabled', 'SyncAgentCompatibilityKey', 'SyncAgentADContainer',
  'ValidateDomain', 'TestReferences', 'ConnectionString',
]);

/** Secrets GET masks as `*` (tokens, passwords, keys); the rest come back in clear. */
export const SENSITIVE_SECRET_KEYS: ReadonlySet<string> = new Set([
  'Password', 'SecretToken', 'AppKey', 'ClientSecret', 'ConsumerSecret', 'TokenKey', 'Oauth2AccessToken', 'Oauth2RefreshToken',
  'Oauth2ClientSecret', 'Oauth2AuthorizationCode', 'ConnectionString',
]);

/** Keys whose value is a JSON document the service parses. */
export const JSON_SECRET_KEYS: ReadonlySet<string> = new Set(['SyncNotificationSettings']);
