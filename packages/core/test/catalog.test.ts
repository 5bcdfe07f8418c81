import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILT_IN_TEMPLATES, findBuiltInTemplate, type SynchronizationSchemaJson, type TemplateDefinition } from '../src/templates/catalog.js';
import { SECRET_KEYS } from '../src/payload/secret-keys.js';
import { synchronizationSchema } from '../src/payload/schema-model.js';
import { checkValue, jsonPath } from '../src/payload/value-checker.js';

// ---- expectations -----------------------------------------------------------------------------

const EXPECTED_IDS = [
  'scim', 'customappsso', 'Azure2Azure', 'AD2AADProvisioning', 'AD2AADPasswordHash', 'API2AAD',
  'BoxOutDelta', 'SfSandboxOutDelta', 'gsuite', 'aws', 'slack', 'gitHubEnterpriseCloud',
];
const OUTBOUND_IDS = ['scim', 'customappsso', 'slack', 'gsuite', 'aws', 'BoxOutDelta', 'SfSandboxOutDelta', 'gitHubEnterpriseCloud'];
const ENTRA = 'Azure Active Directory';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RULE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(#V2)?$/;
const ATTRIBUTE_TYPES = ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'];
const MUTABILITIES = ['ReadWrite', 'ReadOnly', 'Immutable', 'WriteOnly'];
const FLOW_BEHAVIORS = ['FlowWhenChanged', 'FlowAlways'];
const FLOW_TYPES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'];
const OBJECT_FLOW_TYPES = ['Add', 'Update', 'Delete'];
const DISCOVERABILITIES = ['None', 'AttributeNames', 'AttributeDataTypes', 'AttributeReadOnly', 'ReferenceAttributes', 'UnknownFutureValue'];
const METADATA_KEYS = [
  'GalleryApplicationIdentifier', 'GalleryApplicationKey', 'IsOAuthEnabled', 'IsSynchronizationAgentAssignmentRequired',
  'IsSynchronizationAgentRequired', 'IsSynchronizationInPreview', 'OAuthSettings', 'SynchronizationLearnMoreIbizaFwLink',
  'ConfigurationFields',
];

// ---- a runtime checker for the schema invariants (returns problems, so it can be tested too) ---

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const isFlags = (value: unknown, members: readonly string[]): boolean =>
  typeof value === 'string' && value.split(', ').every((part) => members.includes(part));

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, i) => values.indexOf(value) !== i);
}

const ATTRIBUTE_FIELDS: Readonly<Record<string, (value: unknown) => boolean>> = {
  anchor: (v) => typeof v === 'boolean',
  apiExpressions: Array.isArray,
  caseExact: (v) => typeof v === 'boolean',
  defaultValue: (v) => v === null || typeof v === 'string',
  flowNullValues: (v) => typeof v === 'boolean',
  metadata: Array.isArray,
  multivalued: (v) => typeof v === 'boolean',
  mutability: (v) => MUTABILITIES.includes(str(v)),
  name: (v) => typeof v === 'string' && v.length > 0,
  referencedObjects: Array.isArray,
  required: (v) => typeof v === 'boolean',
  type: (v) => ATTRIBUTE_TYPES.includes(str(v)),
};

function objectProblems(where: string, object: Json, directoryObjects: readonly string[]): string[] {
  const problems: string[] = [];
  const attributes = records(object['attributes']);
  if (attributes.length === 0) problems.push(`${where}: no attributes`);
  const anchors = attributes.filter((a) => a['anchor'] === true);
  if (anchors.length !== 1) problems.push(`${where}: ${anchors.length} anchor attributes`);
  for (const name of duplicates(attributes.map((a) => str(a['name'])))) problems.push(`${where}: attribute ${name} twice`);
  for (const a of attributes) {
    for (const [field, ok] of Object.entries(ATTRIBUTE_FIELDS)) {
      if (!ok(a[field])) problems.push(`${where}.${str(a['name'])}: bad ${field}`);
    }
    const referenced = records(a['referencedObjects']).map((r) => str(r['referencedObjectName']));
    if (referenced.length > 0 && a['type'] !== 'Reference') problems.push(`${where}.${str(a['name'])}: references but not Reference`);
    for (const name of referenced) {
      if (!directoryObjects.includes(name)) problems.push(`${where}.${str(a['name'])}: references unknown object ${name}`);
    }
  }
  if (!Array.isArray(object['metadata']) || !Array.isArray(object['supportedApis'])) problems.push(`${where}: metadata/supportedApis`);
  return problems;
}

/** Walks an attributeMappingSource; every Attribute leaf must name an attribute of the source object. */
function sourceProblems(where: string, source: Json, sourceAttributes: readonly string[]): string[] {
  const type = source['type'];
  const name = str(source['name']);
  const expression = str(source['expression']);
  const parameters = records(source['parameters']);
  if (type === 'Attribute') {
    const problems = sourceAttributes.includes(name) ? [] : [`${where}: source attribute ${name} not on the source object`];
    return expression === `[${name}]` ? problems : [...problems, `${where}: expression ${expression} for attribute ${name}`];
  }
  if (type === 'Constant') return parameters.length === 0 ? [] : [`${where}: constant with parameters`];
  if (type !== 'Function') return [`${where}: source type ${String(type)}`];
  const problems = expression.startsWith(`${name}(`) && expression.endsWith(')') ? [] : [`${where}: expression ${expression} for ${name}`];
  if (parameters.length === 0) problems.push(`${where}: function ${name} without parameters`);
  for (const parameter of parameters) {
    const value = parameter['value'];
    if (typeof parameter['key'] !== 'string' || !isRecord(value)) problems.push(`${where}: bad parameter`);
    else problems.push(...sourceProblems(`${where}/${name}`, value, sourceAttributes));
  }
  return problems;
}

function schemaProblems(schema: SynchronizationSchemaJson): string[] {
  const problems: string[] = [];
  if (!/^Date:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/.test(schema.version)) problems.push(`version ${schema.version}`);
  const directories = records(schema.directories);
  if (directories.length < 2) problems.push('fewer than two directories');
  for (const name of duplicates(directories.map((d) => str(d['name'])))) problems.push(`directory ${name} twice`);
  for (const id of duplicates(directories.map((d) => str(d['id'])))) problems.push(`directory id ${id} twice`);
  for (const d of directories) {
    const where = `directory ${str(d['name'])}`;
    if (!GUID.test(str(d['id']))) problems.push(`${where}: id ${str(d['id'])}`);
    if (typeof d['readOnly'] !== 'boolean' || d['version'] !== null || d['discoveryDateTime'] !== null) {
      problems.push(`${where}: readOnly/version/discoveryDateTime`);
    }
    if (!isFlags(d['discoverabilities'], DISCOVERABILITIES)) problems.push(`${where}: discoverabilities`);
    const objects = records(d['objects']);
    if (objects.length === 0) problems.push(`${where}: no objects`);
    const objectNames = objects.map((o) => str(o['name']));
    for (const name of duplicates(objectNames)) problems.push(`${where}: object ${name} twice`);
    for (const o of objects) problems.push(...objectProblems(`${where}/${str(o['name'])}`, o, objectNames));
  }
  const findObject = (directory: string, object: string): Json | undefined =>
    records(directories.find((d) => d['name'] === directory)?.['objects']).find((o) => o['name'] === object);

  const rules = records(schema.synchronizationRules);
  if (rules.length === 0) problems.push('no rules');
  for (const id of duplicates(rules.map((r) => str(r['id'])))) problems.push(`rule id ${id} twice`);
  for (const r of rules) {
    const where = `rule ${str(r['name'])}`;
    const sourceDirectory = str(r['sourceDirectoryName']);
    const targetDirectory = str(r['targetDirectoryName']);
    if (!RULE_ID.test(str(r['id']))) problems.push(`${where}: id ${str(r['id'])}`);
    if (!/^[A-Z]+(_[A-Z]+)+$/.test(str(r['name']))) problems.push(`${where}: name`);
    if (typeof r['editable'] !== 'boolean' || !Number.isInteger(r['priority']) || !Array.isArray(r['metadata'])) {
      problems.push(`${where}: editable/priority/metadata`);
    }
    if (!isRecord(r['containerFilter']) || !isRecord(r['groupFilter'])) problems.push(`${where}: filters`);
    for (const name of [sourceDirectory, targetDirectory]) {
      if (!directories.some((d) => d['name'] === name)) problems.push(`${where}: no directory named ${name}`);
    }
    if (sourceDirectory === targetDirectory) problems.push(`${where}: source and target are the same directory`);
    const objectMappings = records(r['objectMappings']);
    if (objectMappings.length === 0) problems.push(`${where}: no object mappings`);
    for (const m of objectMappings) {
      const at = `${where}/${str(m['name'])}`;
      const source = findObject(sourceDirectory, str(m['sourceObjectName']));
      const target = findObject(targetDirectory, str(m['targetObjectName']));
      if (source === undefined) problems.push(`${at}: source object ${str(m['sourceObjectName'])} not in ${sourceDirectory}`);
      if (target === undefined) problems.push(`${at}: target object ${str(m['targetObjectName'])} not in ${targetDirectory}`);
      if (typeof m['enabled'] !== 'boolean' || m['scope'] !== null || !isFlags(m['flowTypes'], OBJECT_FLOW_TYPES)) {
        problems.push(`${at}: enabled/scope/flowTypes`);
      }
      if (str(m['name']).length === 0 || records(m['metadata']).length === 0) problems.push(`${at}: name/metadata`);
      const sourceAttributes = records(source?.['attributes']).map((a) => str(a['name']));
      const targetAttributes = records(target?.['attributes']);
      const mappings = records(m['attributeMappings']);
      for (const name of duplicates(mappings.map((a) => str(a['targetAttributeName'])))) problems.push(`${at}: ${name} mapped twice`);
      const priorities = mappings.map((a) => a['matchingPriority']).filter((p) => p !== 0);
      if (priorities.length === 0) problems.push(`${at}: no matching attribute`);
      if (duplicates(priorities.map(String)).length > 0) problems.push(`${at}: duplicate matching priorities`);
      for (const a of mappings) {
        const name = str(a['targetAttributeName']);
        const definition = targetAttributes.find((t) => t['name'] === name);
        if (definition === undefined) problems.push(`${at}: target attribute ${name} not on the target object`);
        else if (definition['mutability'] === 'ReadOnly') problems.push(`${at}: target attribute ${name} is read-only`);
        if (!FLOW_BEHAVIORS.includes(str(a['flowBehavior'])) || !FLOW_TYPES.includes(str(a['flowType']))) problems.push(`${at}.${name}: flow`);
        if (typeof a['exportMissingReferences'] !== 'boolean' || !Number.isInteger(a['matchingPriority'])) problems.push(`${at}.${name}: fields`);
        const sourceValue = a['source'];
        if (sourceValue === null) {
          if (typeof a['defaultValue'] !== 'string') problems.push(`${at}.${name}: no source and no default`);
        } else if (isRecord(sourceValue)) {
          problems.push(...sourceProblems(`${at}.${name}`, sourceValue, sourceAttributes));
        } else {
          problems.push(`${at}.${name}: bad source`);
        }
      }
    }
  }
  return problems;
}

const template = (id: string): TemplateDefinition => {
  const found = findBuiltInTemplate(id);
  if (found === undefined) throw new Error(`no template ${id}`);
  return found;
};
const metadataValue = (t: TemplateDefinition, key: string): string | undefined => t.metadata.find((m) => m.key === key)?.value;
const rulesOf = (t: TemplateDefinition): Json[] => records(t.schema.synchronizationRules);
const objectOf = (t: TemplateDefinition, directory: string, object: string): Json | undefined =>
  records(records(t.schema.directories).find((d) => d['name'] === directory)?.['objects']).find((o) => o['name'] === object);
const attributeNames = (object: Json | undefined): string[] => records(object?.['attributes']).map((a) => str(a['name']));
const mappingsOf = (t: TemplateDefinition, source: string, target: string): Json[] =>
  rulesOf(t).flatMap((r) => records(r['objectMappings']).filter((m) => m['sourceObjectName'] === source && m['targetObjectName'] === target))
    .flatMap((m) => records(m['attributeMappings']));

// ---- the catalog ------------------------------------------------------------------------------

test('the catalog has exactly the 12 required templates, each once', () => {
  const ids = BUILT_IN_TEMPLATES.map((t) => t.id);
  assert.equal([...ids].sort(), [...EXPECTED_IDS].sort());
  assert.equal(duplicates(ids), []);
});

test('template ids look like real ones (letters and digits, no dots)', () => {
  for (const { id } of BUILT_IN_TEMPLATES) assert.match(id, /^[A-Za-z][A-Za-z0-9]*$/, id);
});

test('findBuiltInTemplate matches ids exactly and case-sensitively', () => {
  for (const t of BUILT_IN_TEMPLATES) assert.is(findBuiltInTemplate(t.id), t);
  for (const id of ['SCIM', 'Scim', 'azure2azure', 'AWS', 'Slack', ' scim', 'scim ', '', 'customappssoOutDelta']) {
    assert.is(findBuiltInTemplate(id), undefined, JSON.stringify(id));
  }
});

test('every template has its identity fields filled in', () => {
  for (const t of BUILT_IN_TEMPLATES) {
    assert.match(t.applicationId, GUID, `${t.id} applicationId`);
    assert.ok(t.factoryTag.length > 0 && t.description.length > 10, t.id);
    assert.is(typeof t.default, 'boolean');
    assert.is(t.discoverable, true, t.id);
  }
});

test('each application has exactly one default template', () => {
  const byApplication = new Map<string, TemplateDefinition[]>();
  for (const t of BUILT_IN_TEMPLATES) byApplication.set(t.applicationId, [...(byApplication.get(t.applicationId) ?? []), t]);
  for (const [applicationId, templates] of byApplication) {
    assert.is(templates.filter((t) => t.default).length, 1, applicationId);
  }
  assert.is(template('scim').default, true);
  assert.is(template('customappsso').default, false);
  assert.is(template('AD2AADPasswordHash').default, false);
});

test('template metadata uses documented keys and well-formed values', () => {
  for (const t of BUILT_IN_TEMPLATES) {
    const keys = t.metadata.map((m) => m.key);
    assert.equal(duplicates(keys), [], t.id);
    for (const key of keys) assert.ok(METADATA_KEYS.includes(key), `${t.id}: ${key}`);
    assert.match(metadataValue(t, 'GalleryApplicationIdentifier') ?? '', GUID, t.id);
    assert.ok((metadataValue(t, 'GalleryApplicationKey') ?? '').length > 0, t.id);
    assert.ok(['true', 'false'].includes(metadataValue(t, 'IsOAuthEnabled') ?? ''), t.id);
    assert.ok(['true', 'false'].includes(metadataValue(t, 'IsSynchronizationAgentRequired') ?? ''), t.id);
    const fields: unknown = JSON.parse(metadataValue(t, 'ConfigurationFields') ?? 'null');
    assert.ok(Array.isArray(fields), t.id);
  }
  assert.is(metadataValue(template('AD2AADProvisioning'), 'IsSynchronizationAgentRequired'), 'true');
  assert.is(metadataValue(template('scim'), 'IsSynchronizationAgentRequired'), 'false');
});

test('required secrets are synchronizationSecret keys, without repeats', () => {
  for (const t of BUILT_IN_TEMPLATES) {
    assert.equal(duplicates([...t.requiredSecrets]), [], t.id);
    for (const key of t.requiredSecrets) assert.ok(SECRET_KEYS.has(key), `${t.id}: ${key}`);
  }
  assert.equal([...template('scim').requiredSecrets].sort(), ['BaseAddress', 'SecretToken']);
  assert.equal([...template('Azure2Azure').requiredSecrets].sort(), ['AuthenticationType', 'CompanyId']);
  assert.equal([...template('AD2AADProvisioning').requiredSecrets].sort(), ['AppKey', 'Domain']);
});

test('default job settings: delete threshold for outbound apps, cross-tenant flags for Azure2Azure', () => {
  for (const t of BUILT_IN_TEMPLATES) assert.equal(duplicates(t.defaultSettings.map((s) => s.name)), [], t.id);
  for (const id of OUTBOUND_IDS) {
    assert.equal(template(id).defaultSettings, [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }], id);
  }
  assert.equal(template('Azure2Azure').defaultSettings, [
    { name: 'AzureIngestionAttributeOptimization', value: 'False' },
    { name: 'LookaheadQueryEnabled', value: 'False' },
  ]);
});

// ---- schemas ----------------------------------------------------------------------------------

test('every schema satisfies the structural invariants', () => {
  for (const t of BUILT_IN_TEMPLATES) assert.equal(schemaProblems(t.schema), [], t.id);
});

test('schemas are plain JSON (no undefined, functions or shared mutable state)', () => {
  for (const t of BUILT_IN_TEMPLATES) {
    assert.equal(JSON.parse(JSON.stringify(t.schema)), t.schema, t.id);
    assert.ok(Object.isFrozen(t) && Object.isFrozen(t.schema) && Object.isFrozen(t.schema.directories[0]), t.id);
  }
});

test('schema versions and rule ids are distinct across templates', () => {
  const versions = BUILT_IN_TEMPLATES.map((t) => t.schema.version);
  assert.equal(duplicates(versions), []);
  const ruleIds = BUILT_IN_TEMPLATES.flatMap((t) => rulesOf(t).map((r) => str(r['id'])));
  assert.equal(duplicates(ruleIds), []);
});

test('outbound templates map Entra Users out of "Azure Active Directory" into the app', () => {
  for (const id of OUTBOUND_IDS) {
    const outbound = rulesOf(template(id)).find((r) => r['sourceDirectoryName'] === ENTRA);
    assert.ok(outbound, id);
    assert.is(outbound?.['name'], 'USER_OUTBOUND_USER', id);
    assert.ok(mappingsOf(template(id), 'User', 'User').some((m) => m['matchingPriority'] === 1), id);
  }
  const withGroups = OUTBOUND_IDS.filter((id) => mappingsOf(template(id), 'Group', 'Group').length > 0);
  assert.equal(withGroups.sort(), ['BoxOutDelta', 'customappsso', 'gitHubEnterpriseCloud', 'gsuite', 'scim', 'slack']);
});

test('Azure2Azure syncs Entra users to a target-tenant Entra directory, matched on alternativeSecurityIds', () => {
  const t = template('Azure2Azure');
  const [only, ...rest] = rulesOf(t);
  assert.is(rest.length, 0);
  assert.is(only?.['name'], 'USER_TO_USER');
  assert.is(only?.['sourceDirectoryName'], ENTRA);
  assert.match(str(only?.['targetDirectoryName']), /^Azure Active Directory \(target tenant\)$/);
  const mappings = mappingsOf(t, 'User', 'User');
  assert.is(mappings.find((m) => m['matchingPriority'] === 1)?.['targetAttributeName'], 'alternativeSecurityIds');
  assert.is(mappings.find((m) => m['targetAttributeName'] === 'userType')?.['defaultValue'], 'Member');
  assert.is(mappingsOf(t, 'Group', 'Group').length, 0);
});

test('cloud sync templates go from "Active Directory" to Entra; only AD2AADPasswordHash writes password hashes', () => {
  for (const id of ['AD2AADProvisioning', 'AD2AADPasswordHash']) {
    for (const r of rulesOf(template(id))) {
      assert.is(r['sourceDirectoryName'], 'Active Directory', id);
      assert.is(r['targetDirectoryName'], ENTRA, id);
    }
  }
  const hash = mappingsOf(template('AD2AADPasswordHash'), 'user', 'User');
  const credential = hash.find((m) => m['targetAttributeName'] === 'CredentialData');
  assert.is(isRecord(credential?.['source']) ? credential?.['source']['name'] : undefined, 'PasswordHash');
  const provisioning = mappingsOf(template('AD2AADProvisioning'), 'user', 'User');
  assert.not.ok(provisioning.some((m) => m['targetAttributeName'] === 'CredentialData'));
  assert.ok(mappingsOf(template('AD2AADProvisioning'), 'inetOrgPerson', 'User').length > 0);
  assert.ok(mappingsOf(template('AD2AADProvisioning'), 'group', 'Group').length > 0);
});

test('API2AAD takes SCIM users from the "API" directory and matches externalId to employeeId', () => {
  const t = template('API2AAD');
  const [only] = rulesOf(t);
  assert.is(only?.['sourceDirectoryName'], 'API');
  assert.is(only?.['targetDirectoryName'], ENTRA);
  const match = mappingsOf(t, 'User', 'User').find((m) => m['matchingPriority'] === 1);
  assert.is(match?.['targetAttributeName'], 'employeeId');
  assert.ok(attributeNames(objectOf(t, 'API', 'User')).includes('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'));
  assert.equal(t.requiredSecrets, []);
});

test('apps differ where the real ones do', () => {
  const scimUser = attributeNames(objectOf(template('scim'), 'customappsso', 'User'));
  for (const name of ['userName', 'active', 'displayName', 'emails[type eq "work"].value', 'name.givenName', 'name.familyName', 'externalId']) {
    assert.ok(scimUser.includes(name), name);
  }
  assert.not.ok(attributeNames(objectOf(template('slack'), 'Slack', 'Group')).includes('externalId'));
  assert.ok(attributeNames(objectOf(template('scim'), 'customappsso', 'Group')).includes('externalId'));
  assert.ok(attributeNames(objectOf(template('aws'), 'aws', 'User')).includes('roles'));
  assert.ok(rulesOf(template('aws')).some((r) => r['sourceDirectoryName'] === 'aws' && r['targetDirectoryName'] === ENTRA));
  assert.ok(attributeNames(objectOf(template('gsuite'), 'G Suite', 'User')).includes('primaryEmail'));
  const salesforce = attributeNames(objectOf(template('SfSandboxOutDelta'), 'salesforce.com', 'User'));
  assert.ok(salesforce.includes('ProfileName') && salesforce.includes('Alias'));
  const alias = mappingsOf(template('SfSandboxOutDelta'), 'User', 'User').find((m) => m['targetAttributeName'] === 'Alias');
  assert.is(isRecord(alias?.['source']) ? alias?.['source']['expression'] : undefined, 'Mid([userPrincipalName], "1", "8")');
});

test('SCIM "active" is derived from IsSoftDeleted with the service\'s Switch expression', () => {
  const active = mappingsOf(template('scim'), 'User', 'User').find((m) => m['targetAttributeName'] === 'active');
  assert.is(
    isRecord(active?.['source']) ? active?.['source']['expression'] : undefined,
    'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
  );
});

// ---- the checker itself must catch broken schemas ----------------------------------------------

test('the invariant checker reports broken schemas', () => {
  const broken = structuredClone(template('scim').schema) as unknown as {
    directories: { objects: { attributes: { anchor: boolean; name: string }[] }[] }[];
    synchronizationRules: {
      targetDirectoryName: string;
      objectMappings: { attributeMappings: { targetAttributeName: string; source: { name: string } | null }[] }[];
    }[];
  };
  const firstAttribute = broken.directories[1]?.objects[0]?.attributes[1];
  const rule = broken.synchronizationRules[0];
  const mappings = rule?.objectMappings[0]?.attributeMappings ?? [];
  const first = mappings[0];
  const displayName = mappings.find((m) => m.targetAttributeName === 'displayName');
  if (firstAttribute === undefined || rule === undefined || first === undefined || displayName?.source == null) throw new Error('fixture');
  firstAttribute.anchor = true;
  first.targetAttributeName = 'noSuchAttribute';
  displayName.source.name = 'noSuchSource';
  const problems = schemaProblems(broken as unknown as SynchronizationSchemaJson).join('\n');
  assert.match(problems, /2 anchor attributes/);
  assert.match(problems, /target attribute noSuchAttribute not on the target object/);
  assert.match(problems, /source attribute noSuchSource not on the source object/);
  rule.targetDirectoryName = 'Nowhere';
  assert.match(schemaProblems(broken as unknown as SynchronizationSchemaJson).join('\n'), /no directory named Nowhere/);
});

test('every built-in schema passes the synchronizationSchema check that PUT …/schema applies', () => {
  for (const template of BUILT_IN_TEMPLATES) {
    const problem = checkValue(JSON.parse(JSON.stringify(template.schema)), synchronizationSchema, false);
    assert.is(problem && `${template.id}: ${jsonPath(problem.path)} ${problem.message}`, undefined);
  }
});

test.run();
