/**
 * The CSDL validator of support/csdl-validator.ts (and its model, support/csdl-model.ts) on its
 * own: each rule once with a payload that keeps it (no violation) and once with one that breaks it
 * (a violation naming the JSON path and what is wrong).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCsdlModel, parseCsdl, parseXml, tokenizeXml } from './support/csdl-model.js';
import { checkPayload, checkValue, DOCUMENTED_EXTRA_MEMBERS, type ApiVersion } from './support/csdl-validator.js';

const VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta'];
const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const JOB_ID = 'scim.5c1b2e3f8a7d4f609b1e2d4c6a8e0f13.402b5b4c-c6c0-43d1-9b23-5996afabd093';
const context = (version: ApiVersion, fragment: string) => `https://graph.microsoft.com/${version}/$metadata#${fragment}`;
const sync = (version: ApiVersion, rest: string) => context(version, `servicePrincipals('${SP}')/synchronization${rest}`);

function clean(violations: string[]): void {
  assert.equal(violations, [], `expected no violation, got:\n${violations.join('\n')}`);
}

/** One violation at exactly `path` whose text holds `what`. */
function violation(violations: string[], path: string, what: string): void {
  const found = violations.filter((text) => text.startsWith(`${path}: `) && text.includes(what));
  assert.ok(found.length > 0, `expected a violation '${path}: …${what}…', got:\n${violations.join('\n') || '(none)'}`);
}

const execution = () => ({
  activityIdentifier: '86736211-6ff6-4171-80b4-6d587966d0f8',
  countEntitled: 0,
  countEntitledForProvisioning: 0,
  countEscrowed: 0,
  countEscrowedRaw: 0,
  countExported: 5,
  countExports: 5,
  countImported: 5,
  countImportedDeltas: 0,
  countImportedReferenceDeltas: 0,
  error: null,
  state: 'Succeeded',
  timeBegan: '2025-03-01T10:00:00Z',
  timeEnded: '2025-03-01T10:03:00.123Z',
});

const status = () => ({
  code: 'Active',
  countSuccessiveCompleteFailures: 0,
  escrowsPruned: false,
  lastExecution: execution(),
  lastSuccessfulExecution: execution(),
  lastSuccessfulExecutionWithExports: null,
  progress: [{ completedUnits: 5, progressObservationDateTime: '2025-03-01T10:03:00Z', totalUnits: 5, units: 'Users' }],
  quarantine: null,
  steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
  steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
  synchronizedEntryCountByType: [{ key: 'user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', value: 5 }],
  troubleshootingUrl: null,
});

const job = (): Record<string, unknown> => ({
  id: JOB_ID,
  templateId: 'scim',
  schedule: { expiration: null, interval: 'PT40M', state: 'Active' },
  status: status(),
  synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '100' }, { name: 'Empty', value: null }],
});

const attribute = () => ({
  anchor: false,
  apiExpressions: [],
  caseExact: false,
  defaultValue: null,
  flowNullValues: false,
  metadata: [{ key: 'MaximumLength', value: '256' }],
  multivalued: false,
  mutability: 'ReadWrite',
  name: 'userPrincipalName',
  referencedObjects: [],
  required: true,
  type: 'String',
});

const directory = () => ({
  id: '66e4a8cc-1b7b-435e-95f8-f06cea133828',
  discoverabilities: 'AttributeNames, AttributeDataTypes',
  discoveryDateTime: null,
  name: 'Azure Active Directory',
  objects: [{ attributes: [attribute()], metadata: [{ key: 'IsSoftDeletionSupported', value: 'true' }], name: 'User', supportedApis: [] }],
  readOnly: true,
  version: null,
});

const schema = () => ({
  id: JOB_ID,
  version: 'Date:2025-03-01T10:00:00.0000000Z',
  synchronizationRules: [
    {
      containerFilter: { includedContainers: [] },
      editable: true,
      groupFilter: { includedGroups: [] },
      id: 'AD2SCIM',
      metadata: [{ key: 'defaultSourceObjectMappings', value: '...' }],
      name: 'USER_TO_SCIM',
      objectMappings: [
        {
          attributeMappings: [
            {
              defaultValue: null,
              exportMissingReferences: false,
              flowBehavior: 'FlowWhenChanged',
              flowType: 'Always',
              matchingPriority: 1,
              source: { expression: '[userPrincipalName]', name: 'userPrincipalName', parameters: [], type: 'Attribute' },
              targetAttributeName: 'userName',
            },
          ],
          enabled: true,
          flowTypes: 'Add, Update, Delete',
          metadata: [{ key: 'Disposition', value: 'Normal' }],
          name: 'Provision users',
          scope: null,
          sourceObjectName: 'User',
          targetObjectName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        },
      ],
      priority: 1,
      sourceDirectoryName: 'Azure Active Directory',
      targetDirectoryName: 'SCIM',
    },
  ],
  directories: [directory()],
});

const graphError = () => ({
  error: {
    code: 'Request_ResourceNotFound',
    message: "Resource 'nope' does not exist.",
    innerError: { date: '2025-03-01T16:00:00', 'request-id': '54f81cfd-5a07-49ce-b9a4-4076cfbb565e', 'client-request-id': '54f81cfd-5a07-49ce-b9a4-4076cfbb565e' },
  },
});

// ---------------------------------------------------------------------------------------------
// the XML reader and the model

test('tokenizeXml: the declaration and comments are skipped, attributes decoded, self-closing tags told apart', () => {
  const tokens = tokenizeXml('<?xml version="1.0"?>\n<!-- a <comment> -->\n<a x="1 &amp; &lt;2&gt; &quot;q&quot; &#65;"><b y="" /></a>');
  assert.equal(
    tokens.map((token) => (token.kind === 'open' ? [token.kind, token.name, token.attributes, token.selfClosing] : [token.kind, token.name])),
    [
      ['open', 'a', { x: '1 & <2> "q" A' }, false],
      ['open', 'b', { y: '' }, true],
      ['close', 'a'],
    ],
  );
});

test('parseXml: refuses malformed documents', () => {
  assert.throws(() => parseXml('<a><b></a>'), /closes <b>/);
  assert.throws(() => parseXml('<a x=1/>'), /double-quoted/);
  assert.throws(() => parseXml('<a>text</a>'), /unexpected text/);
  assert.throws(() => parseXml('<a>'), /never closed/);
  assert.throws(() => parseXml('<a/><b/>'), /second root/);
  assert.throws(() => parseXml('<a x="1" x="2"/>'), /twice/);
  assert.is(parseXml('<edmx:Edmx a="b"><c/></edmx:Edmx>').localName, 'Edmx');
});

test('parseCsdl: a minimal schema with an alias, inheritance, an enum and an operation', () => {
  const model = parseCsdl(`<?xml version="1.0"?><edmx:Edmx xmlns:edmx="x" Version="4.0"><edmx:DataServices>
    <Schema Namespace="ns.one" Alias="one">
      <EntityType Name="base" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
      <EntityType Name="thing" BaseType="one.base" OpenType="true"><Property Name="tags" Type="Collection(graph.tag)"/></EntityType>
      <EnumType Name="tag" IsFlags="true"><Member Name="A" Value="1"/><Member Name="B"/></EnumType>
      <Function Name="list" IsBound="true"><Parameter Name="bindingParameter" Type="one.thing"/><ReturnType Type="Collection(ns.one.thing)" Nullable="false"/></Function>
    </Schema></edmx:DataServices></edmx:Edmx>`);
  assert.equal([...model.properties('ns.one.thing').keys()], ['id', 'tags']);
  assert.equal(model.properties('one.thing').get('tags'), { name: 'tags', type: 'ns.one.tag', collection: true, nullable: true });
  assert.ok(model.structuredType('ns.one.base')!.abstract);
  assert.ok(model.structuredType('ns.one.thing')!.openType);
  assert.equal(model.structuredType('ns.one.base')!.key, ['id']);
  assert.equal([...model.enumType('ns.one.tag')!.members.values()], [{ name: 'A', value: 1 }, { name: 'B', value: 2 }]);
  assert.equal(model.boundOperations('list')[0]!.returnType, { type: 'ns.one.thing', collection: true, nullable: false });
  assert.ok(model.derivesFrom('ns.one.thing', 'one.base'));
  assert.not.ok(model.derivesFrom('ns.one.base', 'ns.one.thing'));
});

test('the v1.0 model: inheritance from entity, IsFlags, HasStream, OpenType, containment, bound operations', () => {
  const model = loadCsdlModel('v1.0');
  assert.is(loadCsdlModel('v1.0'), model, 'read once');
  const jobType = model.structuredType('microsoft.graph.synchronizationJob')!;
  assert.is(jobType.baseType, 'microsoft.graph.entity');
  assert.equal(model.properties(jobType.name).get('id'), { name: 'id', type: 'Edm.String', collection: false, nullable: false });
  assert.equal(model.navigationProperties(jobType.name).get('schema'), { name: 'schema', type: 'microsoft.graph.synchronizationSchema', collection: false, nullable: true, containsTarget: true });
  assert.ok(model.structuredType('microsoft.graph.entity')!.abstract);
  assert.ok(model.enumType('microsoft.graph.directoryDefinitionDiscoverabilities')!.isFlags);
  assert.not.ok(model.enumType('microsoft.graph.synchronizationStatusCode')!.isFlags);
  assert.ok(model.structuredType('microsoft.graph.bulkUpload')!.hasStream);
  assert.ok(model.structuredType('microsoft.graph.publicInnerError')!.openType);
  assert.equal(model.boundOperations('functions')[0]!.returnType, { type: 'microsoft.graph.attributeMappingFunctionSchema', collection: true, nullable: true });
  assert.is(model.boundOperations('validateCredentials').length, 2);
  assert.equal(model.boundOperations('parseExpression')[0]!.parameters.map((p) => p.name), ['bindingParameter', 'expression', 'testInputObject', 'targetAttributeDefinition']);
  assert.is(model.boundOperations('start')[0]!.returnType, undefined);
  assert.is(model.structuredType('microsoft.graph.servicePrincipal'), undefined);
});

test('the beta model: the file as it is (camelCase metadata keys, Ping) plus bulkUpload added in code', () => {
  const beta = loadCsdlModel('beta');
  const v1 = loadCsdlModel('v1.0');
  assert.is.not(beta, v1);
  assert.ok(beta.enumType('microsoft.graph.synchronizationMetadata')!.members.has('galleryApplicationIdentifier'));
  assert.not.ok(beta.enumType('microsoft.graph.synchronizationMetadata')!.members.has('GalleryApplicationIdentifier'));
  assert.ok(v1.enumType('microsoft.graph.synchronizationMetadata')!.members.has('GalleryApplicationIdentifier'));
  assert.is(beta.boundOperations('Ping')[0]!.returnType!.type, 'Edm.String');
  assert.equal(v1.boundOperations('Ping'), []);
  assert.ok(beta.structuredType('microsoft.graph.bulkUpload')!.hasStream);
  assert.is(beta.navigationProperties('microsoft.graph.synchronizationJob').get('bulkUpload')!.type, 'microsoft.graph.bulkUpload');
});

// ---------------------------------------------------------------------------------------------
// values of types

for (const version of VERSIONS) {
  test(`${version}: a complete job, schema, directory conform`, () => {
    clean(checkValue(version, 'microsoft.graph.synchronizationJob', job()));
    clean(checkValue(version, 'microsoft.graph.synchronizationSchema', schema()));
    clean(checkValue(version, 'microsoft.graph.directoryDefinition', directory()));
    clean(checkValue(version, 'Collection(microsoft.graph.keyValuePair)', [{ name: 'a', value: 'b' }]));
    clean(checkValue(version, 'Edm.String', 'x'));
  });
}

test('an undeclared member is a violation; inherited ones (id from entity) are declared', () => {
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), id: 'x' }));
  const violations = checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), status: { ...status(), running: true }, 'odd name': 1 });
  violation(violations, '$.status.running', "'running' is not a property of microsoft.graph.synchronizationStatus");
  violation(violations, "$['odd name']", 'is not a property of microsoft.graph.synchronizationJob');
  assert.is(violations.length, 2);
});

test('non-nullable properties must be present and not null; nullable ones may be null or absent', () => {
  const { templateId: _dropped, ...withoutTemplate } = job();
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...withoutTemplate, schedule: null, status: null }));
  const { id: _id, ...withoutId } = job();
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', withoutId), '$.id', 'missing; microsoft.graph.synchronizationJob.id (inherited from microsoft.graph.entity) is Nullable="false"');
  const { interval: _interval, ...schedule } = job()['schedule'] as Record<string, unknown>;
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), schedule }), '$.schedule.interval', 'missing');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), status: { ...status(), code: null } }), '$.status.code', 'null, but microsoft.graph.synchronizationStatus.code is not nullable');
});

test('collections: an array; elements nullable as the property; the array null only when nullable', () => {
  const operator = { id: 'EQUALS', arity: 'Binary', multivaluedComparisonType: 'All', supportedAttributeTypes: ['String', 'Integer'] };
  clean(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', operator));
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, supportedAttributeTypes: ['String', null] }), '$.supportedAttributeTypes[1]', 'null, but the elements of microsoft.graph.filterOperatorSchema.supportedAttributeTypes are not nullable');
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, supportedAttributeTypes: null }), '$.supportedAttributeTypes', 'is not nullable');
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, supportedAttributeTypes: 'String' }), '$.supportedAttributeTypes', 'expected an array (Collection(microsoft.graph.attributeType))');
  // synchronizationJobSettings is nullable: null elements and a null array are allowed
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), synchronizationJobSettings: [null] }));
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), synchronizationJobSettings: null }));
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), synchronizationJobSettings: [{ value: 'x' }] }), '$.synchronizationJobSettings[0].name', 'missing');
  violation(checkValue('v1.0', 'Collection(microsoft.graph.keyValuePair)', { name: 'a' }), '$', 'expected an array');
});

test('enums: a member name, case-sensitive, as a string', () => {
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationStatusCode', 'Quarantine'));
  const violations = checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), status: { ...status(), code: 'Running' } });
  assert.equal(violations, ["$.status.code: 'Running' is not a member of microsoft.graph.synchronizationStatusCode"]);
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationStatusCode', 'active'), '$', "'active' is not a member");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationStatusCode', 2), '$', 'expected a member name of microsoft.graph.synchronizationStatusCode (a JSON string), got 2');
});

test('flags enums: comma-separated members, spaces after commas optional', () => {
  const type = 'microsoft.graph.directoryDefinitionDiscoverabilities';
  clean(checkValue('v1.0', type, 'AttributeNames, AttributeDataTypes'));
  clean(checkValue('v1.0', type, 'AttributeNames,AttributeReadOnly'));
  clean(checkValue('v1.0', type, 'None'));
  violation(checkValue('v1.0', type, 'AttributeNames, Nope'), '$', "'Nope' is not a member of the flags enum microsoft.graph.directoryDefinitionDiscoverabilities");
  violation(checkValue('v1.0', type, 'attributeNames'), '$', "'attributeNames' is not a member");
  violation(checkValue('v1.0', type, ''), '$', 'an empty name is not a member');
  violation(checkValue('v1.0', type, 'AttributeNames ,AttributeReadOnly'), '$', "'AttributeNames ' is not a member");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationStatusCode', 'Active, Paused'), '$', "'Active, Paused' is not a member");
});

test('the versions stay distinct: synchronizationMetadata is PascalCase in v1.0, camelCase in beta', () => {
  const template = (key: string) => ({ id: 'scim', applicationId: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', default: true, discoverable: true, metadata: [{ key, value: 'x' }] });
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationTemplate', template('GalleryApplicationIdentifier')));
  clean(checkValue('beta', 'microsoft.graph.synchronizationTemplate', template('galleryApplicationIdentifier')));
  violation(checkValue('beta', 'microsoft.graph.synchronizationTemplate', template('GalleryApplicationIdentifier')), '$.metadata[0].key', "'GalleryApplicationIdentifier' is not a member of microsoft.graph.synchronizationMetadata");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationTemplate', template('galleryApplicationIdentifier')), '$.metadata[0].key', "'galleryApplicationIdentifier' is not a member");
});

test('integers: Int16/Int32/Byte/SByte in range; Int64 a safe integer number, or a string with IEEE754Compatible', () => {
  clean(checkValue('v1.0', 'Edm.Int32', 2147483647));
  violation(checkValue('v1.0', 'Edm.Int32', 2147483648), '$', 'out of the range of Edm.Int32');
  violation(checkValue('v1.0', 'Edm.Int32', 1.5), '$', 'expected an Edm.Int32 (an integer JSON number), got 1.5');
  violation(checkValue('v1.0', 'Edm.Byte', -1), '$', 'out of the range of Edm.Byte');
  violation(checkValue('v1.0', 'Edm.SByte', 128), '$', 'out of the range of Edm.SByte');
  violation(checkValue('v1.0', 'Edm.Int16', 40000), '$', 'out of the range of Edm.Int16');
  clean(checkValue('v1.0', 'Edm.Int64', 9007199254740991));
  violation(checkValue('v1.0', 'Edm.Int64', 9007199254740992), '$', 'beyond 2^53');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), status: { ...status(), countSuccessiveCompleteFailures: '3' } }), '$.status.countSuccessiveCompleteFailures', "got '3'");
  const ieee = { ieee754Compatible: true };
  clean(checkValue('v1.0', 'Edm.Int64', '9223372036854775807', ieee));
  violation(checkValue('v1.0', 'Edm.Int64', '9223372036854775808', ieee), '$', 'out of the range of Edm.Int64');
  violation(checkValue('v1.0', 'Edm.Int64', 3, ieee), '$', 'as a JSON string of an integer (IEEE754Compatible=true), got 3');
  violation(checkValue('v1.0', 'Edm.Int64', '3.0', ieee), '$', "got '3.0'");
  clean(checkValue('v1.0', 'Edm.Int32', 3, ieee));
});

test('Double, Single, Decimal, Boolean, String', () => {
  for (const value of [1.5, -2, 'NaN', 'INF', '-INF']) clean(checkValue('v1.0', 'Edm.Double', value));
  violation(checkValue('v1.0', 'Edm.Double', 'Infinity'), '$', "expected an Edm.Double (a JSON number, or 'NaN', 'INF', '-INF'), got 'Infinity'");
  clean(checkValue('v1.0', 'Edm.Single', 'NaN'));
  violation(checkValue('v1.0', 'Edm.Single', true), '$', 'expected an Edm.Single');
  clean(checkValue('v1.0', 'Edm.Decimal', 1.25));
  violation(checkValue('v1.0', 'Edm.Decimal', '1.25'), '$', 'expected an Edm.Decimal (a JSON number)');
  clean(checkValue('v1.0', 'Edm.Decimal', '1.25', { ieee754Compatible: true }));
  violation(checkValue('v1.0', 'Edm.Decimal', 1.25, { ieee754Compatible: true }), '$', 'as a JSON string of a decimal');
  violation(checkValue('v1.0', 'Edm.Boolean', 'true'), '$', "expected an Edm.Boolean (true or false), got 'true'");
  violation(checkValue('v1.0', 'Edm.String', 5), '$', 'expected an Edm.String (a JSON string), got 5');
  violation(checkValue('v1.0', 'Edm.String', null), '$', 'null, but Edm.String is not nullable');
});

test('DateTimeOffset: yyyy-MM-ddTHH:mm:ss(.fraction)?(Z|±HH:MM), a real date and time', () => {
  for (const value of ['2025-03-01T10:00:00Z', '2024-02-29T23:59:59.9999999Z', '2025-03-01T10:00:00+01:00', '0001-01-01T00:00:00Z']) clean(checkValue('v1.0', 'Edm.DateTimeOffset', value));
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2023-02-29T10:00:00Z'), '$', 'is not a real date and time (2023-02 has no day 29)');
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2025-13-01T10:00:00Z'), '$', 'month 13 does not exist');
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2025-03-01T24:00:00Z'), '$', 'hour 24 does not exist');
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2025-03-01T10:00Z'), '$', 'expected an Edm.DateTimeOffset');
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2025-03-01T10:00:00'), '$', 'expected an Edm.DateTimeOffset');
  violation(checkValue('v1.0', 'Edm.DateTimeOffset', '2025-03-01 10:00:00Z'), '$', 'expected an Edm.DateTimeOffset');
  const timed = { ...job(), status: { ...status(), lastExecution: { ...execution(), timeEnded: '2025-04-31T00:00:00Z' } } };
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', timed), '$.status.lastExecution.timeEnded', '2025-04 has no day 31');
});

test('Date, TimeOfDay, Duration, Guid, Binary, Stream', () => {
  clean(checkValue('v1.0', 'Edm.Date', '2024-02-29'));
  violation(checkValue('v1.0', 'Edm.Date', '2025-02-29'), '$', 'is not a real date');
  violation(checkValue('v1.0', 'Edm.Date', '2025-2-1'), '$', 'expected an Edm.Date (yyyy-MM-dd)');
  for (const value of ['10:00', '23:59:59', '00:00:00.5']) clean(checkValue('v1.0', 'Edm.TimeOfDay', value));
  violation(checkValue('v1.0', 'Edm.TimeOfDay', '24:00'), '$', 'expected an Edm.TimeOfDay');
  for (const value of ['PT40M', 'P1D', 'PT1H30M', 'PT0.5S', '-P1DT2H', 'P0D']) clean(checkValue('v1.0', 'Edm.Duration', value));
  for (const value of ['P', 'PT', 'P1DT', '40M', 'P1M', 'P1Y', 'PT1.S', 40]) violation(checkValue('v1.0', 'Edm.Duration', value), '$', 'expected an Edm.Duration');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationSchedule', { interval: 'forty minutes', state: 'Active' }), '$.interval', "got 'forty minutes'");
  clean(checkValue('v1.0', 'Edm.Guid', '8adf8e6e-67b2-4cf2-a259-e3dc5476c621'));
  violation(checkValue('v1.0', 'Edm.Guid', '8adf8e6e67b24cf2a259e3dc5476c621'), '$', 'expected an Edm.Guid');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationTemplate', { id: 't', applicationId: 'app', default: false, discoverable: false }), '$.applicationId', "expected an Edm.Guid (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got 'app'");
  for (const value of ['', 'QUJD', 'QUI=', 'QQ==', 'QUI', 'a-_b']) clean(checkValue('v1.0', 'Edm.Binary', value));
  for (const value of ['Q', 'QU=I', 'QU I=', 'a+_b']) violation(checkValue('v1.0', 'Edm.Binary', value), '$', 'expected an Edm.Binary');
  clean(checkValue('v1.0', 'Edm.Stream', { anything: true }));
});

test('@odata.type names the type or a derived one, #microsoft.graph.X; abstract types are never the exact type', () => {
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.type': '#microsoft.graph.synchronizationJob' }));
  clean(checkValue('v1.0', 'microsoft.graph.entity', { ...job(), '@odata.type': '#microsoft.graph.synchronizationJob' }));
  violation(checkValue('v1.0', 'microsoft.graph.entity', { id: 'x' }), '$', 'microsoft.graph.entity is abstract');
  violation(checkValue('v1.0', 'microsoft.graph.entity', { id: 'x', '@odata.type': '#microsoft.graph.entity' }), '$', 'microsoft.graph.entity is abstract');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.type': '#microsoft.graph.synchronizationSchema' }), "$['@odata.type']", 'microsoft.graph.synchronizationSchema is neither microsoft.graph.synchronizationJob nor derived from it');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.type': 'microsoft.graph.synchronizationJob' }), "$['@odata.type']", "expected '#microsoft.graph.<type>'");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.type': '#graph.synchronizationJob' }), "$['@odata.type']", "expected '#microsoft.graph.<type>'");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.type': '#microsoft.graph.nope' }), "$['@odata.type']", 'names no type of the CSDL');
  // the derived type's own properties are then checked: a schema's version is no job member
  violation(checkValue('v1.0', 'microsoft.graph.entity', { id: 'x', '@odata.type': '#microsoft.graph.synchronizationJob', version: '1' }), '$.version', 'is not a property of microsoft.graph.synchronizationJob');
});

test('annotations: other @odata.* only at payload level, no others; property annotations only @odata.type', () => {
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), 'schedule@odata.type': '#microsoft.graph.synchronizationSchedule' }));
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.context': 'x' }), "$['@odata.context']", "belongs at the payload's top level only");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@odata.etag': 'W/"1"' }), "$['@odata.etag']", 'the annotation @odata.etag is not allowed on microsoft.graph.synchronizationJob');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), '@microsoft.graph.tips': 'x' }), "$['@microsoft.graph.tips']", 'is not allowed');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), 'nope@odata.type': '#x' }), "$['nope@odata.type']", "annotates 'nope', which is not a property");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), 'schedule@custom.note': 'x' }), "$['schedule@custom.note']", 'the annotation @custom.note is not allowed');
  const nested = checkPayload('v1.0', { '@odata.context': sync('v1.0', '/jobs'), value: [{ ...job(), '@odata.count': 1 }] });
  violation(nested, "$.value[0]['@odata.count']", "belongs at the payload's top level only");
});

test('OpenType: undeclared members allowed (publicInnerError, stringKeyObjectValuePair), not on closed types', () => {
  clean(checkValue('v1.0', 'microsoft.graph.publicInnerError', { code: 'x', 'request-id': 'y', anything: { deep: [1] } }));
  clean(checkValue('v1.0', 'microsoft.graph.stringKeyObjectValuePair', { key: 'a', value: { any: 'thing' } }));
  violation(checkValue('v1.0', 'microsoft.graph.publicErrorDetail', { code: 'x', anything: 1 }), '$.anything', "'anything' is not a property of microsoft.graph.publicErrorDetail");
  violation(checkValue('v1.0', 'microsoft.graph.publicInnerError', { code: 5 }), '$.code', 'expected an Edm.String');
});

test('expanded navigation properties: checked against the navigation type; a collection navigation as an array', () => {
  clean(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), schema: schema() }));
  clean(checkValue('v1.0', 'microsoft.graph.synchronization', { id: 'x', secrets: [], jobs: [job()], templates: [] }));
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), schema: { ...schema(), rules: [] } }), '$.schema.rules', "'rules' is not a property of microsoft.graph.synchronizationSchema");
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationSchema', { ...schema(), directories: directory() }), '$.directories', 'expected an array (Collection(microsoft.graph.directoryDefinition))');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationSchema', { ...schema(), directories: [null] }), '$.directories[0]', 'null, but the elements of microsoft.graph.synchronizationSchema.directories (expanded) are not nullable');
  const { id: _id, ...anonymous } = directory();
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationSchema', { ...schema(), directories: [anonymous] }), '$.directories[0].id', 'missing');
});

test('HasStream: media annotations on bulkUpload (v1.0, and beta through the added type), not on other types', () => {
  for (const version of VERSIONS) {
    clean(checkValue(version, 'microsoft.graph.bulkUpload', { id: 'b', '@odata.mediaContentType': 'application/scim+json' }));
    clean(checkValue(version, 'microsoft.graph.synchronizationJob', { ...job(), bulkUpload: { id: 'b' } }));
    violation(checkValue(version, 'microsoft.graph.synchronizationJob', { ...job(), '@odata.mediaReadLink': 'x' }), "$['@odata.mediaReadLink']", 'is not allowed on microsoft.graph.synchronizationJob');
    violation(checkValue(version, 'microsoft.graph.bulkUpload', { id: 'b', operations: [] }), '$.operations', 'is not a property of microsoft.graph.bulkUpload');
  }
});

test('DOCUMENTED_EXTRA_MEMBERS: name on filterOperatorSchema and attributeMappingFunctionSchema only, a string', () => {
  assert.equal(DOCUMENTED_EXTRA_MEMBERS, { 'microsoft.graph.filterOperatorSchema': ['name'], 'microsoft.graph.attributeMappingFunctionSchema': ['name'] });
  const operator = { id: 'EQUALS', name: 'EQUALS', arity: 'Binary', multivaluedComparisonType: 'All', supportedAttributeTypes: ['String'] };
  clean(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', operator));
  clean(checkValue('beta', 'microsoft.graph.attributeMappingFunctionSchema', { id: 'Append', name: 'Append', parameters: [] }));
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, name: null }), '$.name', 'null, but microsoft.graph.filterOperatorSchema.name (documented, not in the CSDL) is not nullable');
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, name: 3 }), '$.name', 'expected an Edm.String');
  violation(checkValue('v1.0', 'microsoft.graph.filterOperatorSchema', { ...operator, description: 'x' }), '$.description', 'is not a property of microsoft.graph.filterOperatorSchema');
  violation(checkValue('v1.0', 'microsoft.graph.synchronizationJob', { ...job(), name: 'x' }), '$.name', "'name' is not a property of microsoft.graph.synchronizationJob");
  // the allowance does not stand in for the key: the id is still required
  violation(checkValue('v1.0', 'microsoft.graph.attributeMappingFunctionSchema', { name: 'Append', parameters: [] }), '$.id', 'missing');
});

test('checkValue: an unknown type is a violation', () => {
  assert.equal(checkValue('v1.0', 'microsoft.graph.servicePrincipal', {}), ['$: the type microsoft.graph.servicePrincipal is not in the v1.0 CSDL']);
  violation(checkValue('v1.0', 'Edm.Geography', {}), '$', 'not in the v1.0 CSDL');
});

// ---------------------------------------------------------------------------------------------
// payloads

for (const version of VERSIONS) {
  test(`${version}: a jobs page: context, count, nextLink, value`, () => {
    const page = { '@odata.context': sync(version, '/jobs'), '@odata.count': 2, '@odata.nextLink': `https://graph.microsoft.com/${version}/x?$skiptoken=a`, value: [job(), job()] };
    clean(checkPayload(version, page));
    // with IEEE754Compatible=true every Int64 (all the numbers of a job) and the count are strings
    const stringly = JSON.parse(JSON.stringify(page), (_key, value: unknown) => (typeof value === 'number' ? String(value) : value)) as unknown;
    clean(checkPayload(version, stringly, { ieee754Compatible: true }));
    violation(checkPayload(version, page, { ieee754Compatible: true }), '$.value[0].status.countSuccessiveCompleteFailures', 'as a JSON string of an integer (IEEE754Compatible=true), got 0');
    violation(checkPayload(version, { ...page, '@odata.count': '2' }), "$['@odata.count']", "expected a non-negative integer, got '2'");
    violation(checkPayload(version, { ...page, '@odata.nextLink': '/x?$skiptoken=a' }), "$['@odata.nextLink']", 'is not an absolute URL');
    violation(checkPayload(version, { ...page, value: [{ ...job(), status: { ...status(), code: 'Running' } }] }), '$.value[0].status.code', "'Running' is not a member of microsoft.graph.synchronizationStatusCode");
    violation(checkPayload(version, { ...page, value: [null] }), '$.value[0]', 'not nullable');
    violation(checkPayload(version, { ...page, extra: 1 }), '$.extra', 'not a member of a collection payload');
    violation(checkPayload(version, { ...page, '@odata.type': '#x' }), "$['@odata.type']", 'not a member of a collection payload');
    const { value: _value, ...empty } = page;
    violation(checkPayload(version, empty), '$.value', 'missing');
  });
}

test('the context URL: /$metadata#, the version segment, a resolvable fragment', () => {
  const page = (url: string) => ({ '@odata.context': url, value: [] });
  clean(checkPayload('beta', page(`http://127.0.0.1:5555/beta/$metadata#servicePrincipals('${SP}')/synchronization/jobs`)));
  violation(checkPayload('v1.0', page(sync('beta', '/jobs'))), "$['@odata.context']", "the version segment is 'beta', not 'v1.0'");
  violation(checkPayload('v1.0', page(`https://graph.microsoft.com/v1.0/servicePrincipals('${SP}')/synchronization/jobs`)), "$['@odata.context']", 'does not contain /$metadata#');
  violation(checkPayload('v1.0', page(sync('v1.0', '/runs'))), "$['@odata.context']", "unresolvable against the v1.0 CSDL: 'runs' is not a property of microsoft.graph.synchronization");
  violation(checkPayload('v1.0', page(context('v1.0', 'servicePrincipals(42)/synchronization/jobs'))), "$['@odata.context']", "is not servicePrincipals('{guid}')");
  violation(checkPayload('v1.0', page(context('v1.0', `servicePrincipals('${SP}')/owners`))), "$['@odata.context']", "not 'synchronization'");
  violation(checkPayload('v1.0', page(context('v1.0', 'microsoft.graph.nope'))), "$['@odata.context']", 'unresolvable');
  violation(checkPayload('v1.0', page(context('v1.0', 'start'))), "$['@odata.context']", 'neither a type nor a bound function or action with a return type');
  violation(checkPayload('v1.0', page(sync('v1.0', `/jobs('${JOB_ID}')`))), "$['@odata.context']", 'ends in /$entity');
  violation(checkPayload('v1.0', { '@odata.context': 42 }), "$['@odata.context']", 'expected a string');
});

test('projections: only the selected properties; unselected non-nullable ones not required; a whole complex property complete', () => {
  const ctx = sync('v1.0', '/jobs(id,status)');
  clean(checkPayload('v1.0', { '@odata.context': ctx, value: [{ id: JOB_ID, status: status() }, { id: 'other', status: null }] }));
  // id alone: status is nullable, so it may be absent
  clean(checkPayload('v1.0', { '@odata.context': ctx, value: [{ id: JOB_ID }] }));
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: [job()] }), '$.value[0].templateId', 'not selected');
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: [{ status: status() }] }), '$.value[0].id', 'missing');
  const { code: _code, ...partial } = status();
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: [{ id: JOB_ID, status: partial }] }), '$.value[0].status.code', 'missing');
  violation(checkPayload('v1.0', { '@odata.context': sync('v1.0', '/jobs(id,nope)'), value: [] }), "$['@odata.context']", "'nope' (in 'nope') is not a property of microsoft.graph.synchronizationJob");
  clean(checkPayload('v1.0', { '@odata.context': sync('v1.0', '/jobs(*)'), value: [job()] }));
});

test('projections into complex properties: the enclosing objects hold only their selected members', () => {
  const ctx = sync('beta', '/jobs(id,status/code,schedule/interval,status/lastExecution/error)');
  const item = { id: JOB_ID, status: { code: 'Active', lastExecution: { error: { code: 'E', message: 'm', tenantActionable: false } } }, schedule: { interval: 'PT40M' } };
  clean(checkPayload('beta', { '@odata.context': ctx, value: [item, { id: 'x', status: { code: 'Paused', lastExecution: null }, schedule: null }] }));
  violation(checkPayload('beta', { '@odata.context': ctx, value: [{ ...item, status: { ...item.status, escrowsPruned: false } }] }), '$.value[0].status.escrowsPruned', 'not selected (the context\'s projection holds code, lastExecution)');
  violation(checkPayload('beta', { '@odata.context': ctx, value: [{ ...item, status: { lastExecution: null } }] }), '$.value[0].status.code', 'missing');
  violation(checkPayload('beta', { '@odata.context': ctx, value: [{ ...item, status: { code: 'Active', lastExecution: execution() } }] }), '$.value[0].status.lastExecution.state', 'not selected');
  violation(checkPayload('beta', { '@odata.context': ctx, value: [{ ...item, schedule: { interval: 'PT40M', state: 'Active' } }] }), '$.value[0].schedule.state', 'not selected');
  violation(checkPayload('beta', { '@odata.context': ctx, value: [{ ...item, templateId: 'scim' }] }), '$.value[0].templateId', 'not selected');
  violation(checkPayload('beta', { '@odata.context': sync('beta', '/jobs(status/code/x)'), value: [] }), "$['@odata.context']", 'code is not a complex property to select into');
});

for (const version of VERSIONS) {
  test(`${version}: single entities: jobs/$entity, projected, synchronization, templates and schemas, directories`, () => {
    clean(checkPayload(version, { '@odata.context': sync(version, '/jobs/$entity'), ...job() }));
    clean(checkPayload(version, { '@odata.context': sync(version, '/jobs(id,status)/$entity'), id: JOB_ID, status: status() }));
    violation(checkPayload(version, { '@odata.context': sync(version, '/jobs(id,status)/$entity'), ...job() }), '$.schedule', 'not selected');
    violation(checkPayload(version, { '@odata.context': sync(version, '/jobs/$entity'), ...job(), id: 7 }), '$.id', 'expected an Edm.String');
    clean(checkPayload(version, { '@odata.context': sync(version, '/$entity'), id: SP, secrets: [{ key: 'BaseAddress', value: 'https://x' }] }));
    clean(checkPayload(version, { '@odata.context': sync(version, `/jobs('${JOB_ID}')/schema/$entity`), ...schema() }));
    clean(checkPayload(version, { '@odata.context': sync(version, `/templates('scim')/schema/$entity`), ...schema() }));
    clean(checkPayload(version, { '@odata.context': sync(version, `/jobs('${JOB_ID}')/schema/directories`), value: [directory()] }));
    clean(checkPayload(version, { '@odata.context': sync(version, `/jobs('${JOB_ID}')/schema/directories/$entity`), ...directory() }));
    violation(checkPayload(version, { '@odata.context': sync(version, `/jobs('${JOB_ID}')/schema/directories/$entity`), ...directory(), readOnly: 'no' }), '$.readOnly', 'expected an Edm.Boolean');
    const template = { id: 'scim', applicationId: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621', default: true, description: null, discoverable: true, factoryTag: 'CustomSCIM', metadata: [] };
    clean(checkPayload(version, { '@odata.context': sync(version, '/templates'), value: [template] }));
    clean(checkPayload(version, { '@odata.context': sync(version, '/templates/$entity'), ...template }));
    violation(checkPayload(version, { '@odata.context': sync(version, '/templates/$entity'), ...template, default: undefined }), '$.default', 'missing');
    violation(checkPayload(version, { '@odata.context': sync(version, `/jobs('${JOB_ID}')/schema`), ...schema() }), "$['@odata.context']", 'single-valued navigation; its context ends in /$entity');
    violation(checkPayload(version, { '@odata.context': sync(version, '/secrets/$entity'), value: [] }), "$['@odata.context']", 'which is no entity');
  });
}

test('secrets: a collection of the structural property type, elements nullable as the property', () => {
  const ctx = sync('v1.0', '/secrets');
  clean(checkPayload('v1.0', { '@odata.context': ctx, value: [{ key: 'BaseAddress', value: 'https://scim.example.com' }, { key: 'SecretToken', value: '*' }, null] }));
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: [{ key: 'baseAddress', value: 'x' }] }), '$.value[0].key', "'baseAddress' is not a member of microsoft.graph.synchronizationSecret");
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: [{ value: 'x' }] }), '$.value[0].key', 'missing');
  violation(checkPayload('v1.0', { '@odata.context': ctx, value: null }), '$.value', 'not nullable');
});

test('type-name contexts: a complex value, an entity, a collection, a bound function, a primitive', () => {
  const v = 'v1.0';
  clean(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.stringKeyStringValuePair'), key: '{"result":"Success"}', value: '{}' }));
  violation(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.stringKeyStringValuePair'), key: 'k', value: 'v', extra: 1 }), '$.extra', 'is not a property of microsoft.graph.stringKeyStringValuePair');
  violation(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.stringKeyStringValuePair'), key: 'k', value: {} }), '$.value', 'expected an Edm.String');
  clean(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.directoryDefinition'), ...directory() }));
  const response = { error: null, evaluationResult: ['x'], evaluationSucceeded: true, parsedExpression: { expression: '[a]', name: 'a', parameters: null, type: 'Attribute' }, parsingSucceeded: true };
  clean(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.parseExpressionResponse'), ...response }));
  violation(checkPayload(v, { '@odata.context': context(v, 'microsoft.graph.parseExpressionResponse'), ...response, parsingSucceeded: undefined }), '$.parsingSucceeded', 'missing');
  const operator = { id: 'EQUALS', arity: 'Binary', multivaluedComparisonType: 'All', supportedAttributeTypes: ['String'] };
  clean(checkPayload(v, { '@odata.context': context(v, 'Collection(microsoft.graph.filterOperatorSchema)'), value: [operator] }));
  violation(checkPayload(v, { '@odata.context': context(v, 'Collection(microsoft.graph.filterOperatorSchema)'), value: [{ ...operator, arity: 'Ternary' }] }), '$.value[0].arity', "'Ternary' is not a member of microsoft.graph.scopeOperatorType");
  clean(checkPayload(v, { '@odata.context': context(v, 'functions'), value: [{ id: 'Append', parameters: [{ allowMultipleOccurrences: false, name: 'source', required: true, type: 'String' }] }] }));
  violation(checkPayload(v, { '@odata.context': context(v, 'functions'), value: [{ id: 'Append', parameters: [{ name: 'source' }] }] }), '$.value[0].parameters[0].required', 'missing');
  clean(checkPayload(v, { '@odata.context': context(v, 'Edm.String'), value: 'pong' }));
  violation(checkPayload(v, { '@odata.context': context(v, 'Edm.String'), value: 3 }), '$.value', 'expected an Edm.String');
  violation(checkPayload(v, { '@odata.context': context(v, 'Edm.String'), value: 'x', other: 1 }), '$.other', 'not a member of a single-value payload');
  violation(checkPayload(v, { '@odata.context': context(v, 'Collection(microsoft.graph.nope)'), value: [] }), "$['@odata.context']", 'microsoft.graph.nope is not a type');
  // beta's Ping returns Edm.String; v1.0 has no Ping
  clean(checkPayload('beta', { '@odata.context': context('beta', 'Ping'), value: 'pong' }));
  violation(checkPayload('v1.0', { '@odata.context': context('v1.0', 'Ping'), value: 'pong' }), "$['@odata.context']", 'unresolvable');
});

test('no @odata.context: only a Graph error body, checked strictly', () => {
  clean(checkPayload('v1.0', graphError()));
  const { error } = graphError();
  clean(checkPayload('v1.0', { error: { ...error, details: [{ code: 'c', message: 'm', target: 't' }], target: 'x' } }));
  violation(checkPayload('v1.0', { error: { ...error, innerError: { ...error.innerError, date: '2025-03-01T16:00:00Z' } } }), '$.error.innerError.date', "expected yyyy-MM-ddTHH:mm:ss, got '2025-03-01T16:00:00Z'");
  violation(checkPayload('v1.0', { error: { ...error, innerError: { ...error.innerError, date: '2025-02-30T16:00:00' } } }), '$.error.innerError.date', 'is not a real date');
  violation(checkPayload('v1.0', { error: { ...error, innerError: { ...error.innerError, 'request-id': 'abc' } } }), "$.error.innerError['request-id']", 'expected a GUID');
  violation(checkPayload('v1.0', { error: { ...error, innerError: { date: error.innerError.date, 'request-id': error.innerError['request-id'] } } }), "$.error.innerError['client-request-id']", 'expected a string');
  violation(checkPayload('v1.0', { error: { ...error, message: null } }), '$.error.message', 'expected a string, got null');
  violation(checkPayload('v1.0', { error: { ...error, code: 400 } }), '$.error.code', 'expected a string, got 400');
  violation(checkPayload('v1.0', { error: { ...error, status: 404 } }), '$.error.status', 'not a member of a Graph error');
  violation(checkPayload('v1.0', { error: { ...error, details: [{ code: 'c' }] } }), '$.error.details[0].message', 'expected a string');
  violation(checkPayload('v1.0', { error: { code: 'c', message: 'm' } }), '$.error.innerError', 'expected an object');
  violation(checkPayload('v1.0', { ...graphError(), extra: true }), '$.extra', "a Graph error body holds only 'error'");
  assert.equal(checkPayload('v1.0', { value: [] }), ['$: no @odata.context, and not a Graph error body']);
  assert.equal(checkPayload('v1.0', [job()]), ['$: a response payload is a JSON object, not an array (1 items)']);
});

test('every violation starts with a JSON path', () => {
  const violations = [
    ...checkPayload('v1.0', { '@odata.context': sync('v1.0', '/jobs'), value: [{ ...job(), id: null, status: { ...status(), code: 'x', progress: 'y' }, 'a b': 1 }] }),
    ...checkPayload('v1.0', { error: {} }),
    ...checkValue('beta', 'microsoft.graph.synchronizationTemplate', { metadata: [{ key: 1 }] }),
  ];
  assert.ok(violations.length >= 8, violations.join('\n'));
  for (const text of violations) assert.match(text, /^\$(\.[A-Za-z_$][\w$]*|\[\d+\]|\['[^']*'\])*: \S/);
});

test.run();
