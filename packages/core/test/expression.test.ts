/**
 * parseExpression (graph-sync-api.md §3.3.6): the parsed attributeMappingSource tree, evaluation
 * against a test object with the semantics of the Learn page "Reference for writing expressions for
 * attribute mappings in Microsoft Entra ID", in-band parse failures, and 400s for malformed bodies.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphError } from '../src/errors/graph-error.js';
import { backtrackingRisk, parseExpression, type AttributeMappingSource, type ParseExpressionResponse } from '../src/expressions/expression.js';
import { MAPPING_FUNCTIONS } from '../src/handlers/schema-catalog.js';

type Properties = Readonly<Record<string, unknown>>;

function run(expression: string, properties?: Properties): ParseExpressionResponse {
  const testInputObject = properties === undefined ? undefined : { definition: null, properties: Object.entries(properties).map(([key, value]) => ({ key, value })) };
  return parseExpression({ expression, testInputObject });
}

/** The evaluation result, failing the test with the error when evaluation did not succeed. */
function result(expression: string, properties: Properties = {}): string[] | null {
  const reply = run(expression, properties);
  assert.is(reply.parsingSucceeded, true, `${expression}: ${reply.error?.message}`);
  assert.is(reply.evaluationSucceeded, true, `${expression}: ${reply.error?.message}`);
  return reply.evaluationResult;
}

function parseFailure(expression: string): string {
  const reply = run(expression);
  assert.is(reply.parsingSucceeded, false, expression);
  assert.is(reply.parsedExpression, null);
  assert.is(reply.evaluationSucceeded, false);
  assert.is(reply.evaluationResult, null);
  assert.is(reply.error?.code, 'ParsingFailed');
  return reply.error?.message ?? '';
}

function badRequestMessage(body: unknown): string {
  try {
    parseExpression(body);
  } catch (error) {
    assert.ok(error instanceof GraphError, String(error));
    assert.is(error.status, 400);
    return error.message;
  }
  assert.unreachable(`expected a 400 for ${JSON.stringify(body)}`);
  return '';
}

const attribute = (name: string): AttributeMappingSource => ({ expression: `[${name}]`, name, parameters: [], type: 'Attribute' });

// ---- the spec's example -------------------------------------------------------------------------------

test('the documented example: request and full response (spec §3.3.6)', () => {
  const reply = parseExpression({
    expression: 'Replace([preferredLanguage], "-", , , "_", , )',
    testInputObject: { definition: null, properties: [{ key: 'preferredLanguage', value: 'EN-US' }] },
    targetAttributeDefinition: null,
  });
  assert.equal(reply, {
    error: null,
    evaluationSucceeded: true,
    evaluationResult: ['EN_US'],
    parsedExpression: {
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      name: 'Replace',
      parameters: [
        { key: 'source', value: { expression: '[preferredLanguage]', name: 'preferredLanguage', parameters: [], type: 'Attribute' } },
        { key: 'Find', value: { expression: '"-"', name: '-', parameters: [], type: 'Constant' } },
        { key: 'Replacement', value: { expression: '"_"', name: '_', parameters: [], type: 'Constant' } },
      ],
      type: 'Function',
    },
    parsingSucceeded: true,
  });
  assert.equal(Object.keys(reply), ['error', 'evaluationSucceeded', 'evaluationResult', 'parsedExpression', 'parsingSucceeded']);
});

test('without testInputObject: parsed, not evaluated, no error', () => {
  const reply = parseExpression({ expression: 'ToLower([mail])' });
  assert.is(reply.parsingSucceeded, true);
  assert.is(reply.evaluationSucceeded, false);
  assert.is(reply.evaluationResult, null);
  assert.is(reply.error, null);
  assert.equal(parseExpression({ expression: 'ToLower([mail])', testInputObject: null }), reply);
});

// ---- parse trees ---------------------------------------------------------------------------------------

test('nested calls: each node keeps its exact source text', () => {
  const reply = run('Join(" ",  [givenName], ToUpper( [surname] ))', { givenName: 'John', surname: 'Doe' });
  assert.equal(reply.parsedExpression, {
    expression: 'Join(" ",  [givenName], ToUpper( [surname] ))',
    name: 'Join',
    parameters: [
      { key: 'separator', value: { expression: '" "', name: ' ', parameters: [], type: 'Constant' } },
      { key: 'source1', value: attribute('givenName') },
      { key: 'source1', value: { expression: 'ToUpper( [surname] )', name: 'ToUpper', parameters: [{ key: 'source', value: attribute('surname') }], type: 'Function' } },
    ],
    type: 'Function',
  });
  assert.equal(reply.evaluationResult, ['John DOE']);
});

test('a bare attribute or constant is a whole expression', () => {
  assert.equal(run('[mail]').parsedExpression, attribute('mail'));
  assert.equal(run('  "x"  ').parsedExpression, { expression: '"x"', name: 'x', parameters: [], type: 'Constant' });
  assert.equal(run('[extension_a1b2 with spaces]').parsedExpression, attribute('extension_a1b2 with spaces'));
});

test('string escapes: \\" and \\\\ are unescaped in name, kept in expression', () => {
  const reply = run('"Company name: \\"Contoso\\" \\\\ \\d"');
  assert.equal(reply.parsedExpression, { expression: '"Company name: \\"Contoso\\" \\\\ \\d"', name: 'Company name: "Contoso" \\ \\d', parameters: [], type: 'Constant' });
});

test('bare numbers, VBA hex and enum words are constants', () => {
  const mid = run('Mid([givenName], 1, 3)').parsedExpression;
  assert.equal(mid?.parameters.map((p) => [p.key, p.value.type, p.value.name]), [['source', 'Attribute', 'givenName'], ['start', 'Constant', '1'], ['length', 'Constant', '3']]);
  assert.equal(run('BitAnd(&HF, &HF7)').parsedExpression?.parameters.map((p) => p.value.name), ['&HF', '&HF7']);
  assert.equal(run('InStr("repEated", "e", 3, vbBinaryCompare)').parsedExpression?.parameters.map((p) => p.key), ['value1', 'value2', 'start', 'compareType']);
});

test('repeating parameters: Switch cycles key/value, empty defaultValue is skipped but keeps its place', () => {
  const reply = run('Switch([IsSoftDeleted], , "False", "True", "True", "False")');
  assert.equal(reply.parsedExpression?.parameters.map((p) => p.key), ['source', 'key', 'value', 'key', 'value']);
  assert.equal(run('Coalesce([mail], [userPrincipalName], "none")').parsedExpression?.parameters.map((p) => p.key), ['source1', 'defaultValue', 'defaultValue']);
});

test('multi-line expressions (SelectUniqueValue as documented) parse', () => {
  const reply = run(`SelectUniqueValue(
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"),
    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com")
  )`);
  assert.is(reply.parsingSucceeded, true, reply.error?.message);
  assert.equal(reply.parsedExpression?.parameters.map((p) => p.key), ['uniqueValueRule1', 'uniqueValueRule1']);
});

test('every catalog function parses with a minimal argument list', () => {
  for (const spec of MAPPING_FUNCTIONS) {
    // Up to the last required parameter: required ones get a value, optional ones before it an empty slot.
    const last = spec.parameters.map((p) => p.required).lastIndexOf(true);
    const args = spec.parameters.slice(0, last + 1).map((p) => (!p.required ? '' : p.type === 'Integer' ? '1' : `[${p.name}]`));
    const text = spec.name === 'Switch' ? 'Switch([source], , "k", "v")' : `${spec.name}(${args.join(', ')})`;
    const reply = run(text);
    assert.is(reply.parsingSucceeded, true, `${text}: ${reply.error?.message}`);
    assert.is(reply.parsedExpression?.name, spec.name);
    assert.is(reply.parsedExpression?.parameters.length, spec.name === 'Switch' ? 3 : args.filter((arg) => arg !== '').length, text);
  }
});

// ---- in-band parse failures ----------------------------------------------------------------------------

test('parse failures are in-band, name the problem and its 1-based position', () => {
  assert.match(parseFailure('ToLowr([mail])'), "Unknown function 'ToLowr' at position 1");
  assert.match(parseFailure('tolower([mail])'), "did you mean 'ToLower'");
  assert.match(parseFailure('Append([mail], ".x"'), "'Append(' at position 7 has no closing ')'");
  assert.match(parseFailure('Append([mail, ".x")'), "'[' at position 8 has no closing ']'");
  assert.match(parseFailure('Append([mail], ".x)'), 'string constant that starts at position 16');
  assert.match(parseFailure('Append([mail] ".x")'), `Unexpected '"' at position 15`);
  assert.match(parseFailure('ToLower([mail]))'), "Unexpected ')' at position 16; expected the end of the expression");
  assert.match(parseFailure(''), 'The expression is empty');
  assert.match(parseFailure('   '), 'The expression is empty');
  assert.match(parseFailure('Append([])'), 'empty name');
  assert.match(parseFailure('Append(@, "x")'), "Unexpected '@' at position 8; expected an attribute [name], a \"string\", a number or a function call");
  assert.match(parseFailure('ToLower'), "'ToLower' at position 1 needs an argument list");
});

test('argument counts are checked against the catalog', () => {
  assert.match(parseFailure('Append([a], "b", "c")'), "'Append' takes at most 2 argument(s) (source, suffix), but was given 3 (the call at position 1)");
  assert.match(parseFailure('Append([a])'), "'Append' is missing its required argument 'suffix' (argument 2)");
  assert.match(parseFailure('Append(, "x")'), "missing its required argument 'source'");
  assert.match(parseFailure('Guid(1)'), "'Guid' takes no arguments");
  assert.match(parseFailure('Join(" ")'), "missing its required argument 'source1'");
  assert.match(parseFailure('Switch([a], "d", "k")'), 'in groups of 2');
  assert.match(parseFailure('Switch([a], "d")'), "missing its required argument 'key'");
  assert.match(parseFailure('Join(" ", Mid([a], 1))'), "'Mid' is missing its required argument 'length' (argument 3) (the call at position 11)");
});

test('comparison operators are reported as not parsed by syncemu', () => {
  assert.match(parseFailure('IIF([country]="USA",[country],[department])'), "syncemu does not parse comparison operators such as '=' (position 14)");
  assert.match(parseFailure('[a] <> "b"'), "'<>'");
});

test('deep nesting fails in-band instead of overflowing the stack', () => {
  const deep = `${'ToLower('.repeat(5000)}[a]${')'.repeat(5000)}`;
  assert.match(parseFailure(deep), 'nests functions more than 64 deep');
  assert.is(run(`${'ToLower('.repeat(40)}[a]${')'.repeat(40)}`, { a: 'X' }).evaluationResult?.[0], 'x');
});

// ---- evaluation ----------------------------------------------------------------------------------------

test('attributes: case-insensitive lookup; missing is null (an empty result); arrays are multi-valued', () => {
  assert.equal(result('[MAIL]', { mail: 'a@b' }), ['a@b']);
  assert.equal(result('[nothing]'), []);
  assert.equal(result('[proxyAddresses]', { proxyAddresses: ['x', 'y'] }), ['x', 'y']);
  assert.equal(result('[n]', { n: 5 }), ['5']);
  assert.equal(result('[b]', { b: true }), ['True']);
});

test('Append (docs example) and null source', () => {
  assert.equal(result('Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' }), ['John.Doe@contoso.com.test']);
  assert.equal(result('Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }), ['JohDoe']);
  assert.equal(result('Append([missing], ".test")'), []);
});

test('Join: skips empty and null values, flattens multi-valued ones (docs example)', () => {
  assert.equal(result('Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' }), ['Doe, John']);
  assert.equal(result('Join("-", [a], [missing], [b])', { a: ['1', '2'], b: '3' }), ['1-2-3']);
  assert.equal(result('Join("", 1000, "x")'), ['1000x']);
});

test('Replace: the five documented forms (docs examples)', () => {
  assert.equal(result('Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', { BusinessTitle: 'Product Developer' }), ['Software Engineer']);
  assert.equal(result('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }), ['john.doe']);
  assert.equal(result('Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' }), ['jsmith@contoso.com']);
  assert.equal(result('Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', { telephoneNumber: '+91 9998887777' }), ['9998887777']);
  assert.equal(result('Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' }), ['+19998887777']);
  assert.equal(result('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }), ['72']);
  assert.equal(result('Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', { AddressLineData: '545 Tremont Street' }), ['888 Tremont Street']);
  assert.equal(result('Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', { userPrincipalName: 'jsmith@contoso.com' }), ['jsmith']);
  const fallback = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )';
  assert.equal(result(fallback, { telephoneNumber: '', mobile: '+91 8887779999' }), ['8887779999']);
  assert.equal(result(fallback, { telephoneNumber: '+1 5551234567', mobile: '+91 8887779999' }), ['+1 5551234567']);
});

test('Replace: numbered substitutions, null source, undocumented combinations and bad patterns', () => {
  assert.equal(result('Replace([a], , "(\\\\w+)@(\\\\w+)", , "$2 at $1 ($$)", , )', { a: 'me@home' }), ['home at me ($)']);
  assert.equal(result('Replace([missing], "-", , , "_", , )'), []);
  const combo = run('Replace([a], "x", "y", , "z", , )', { a: 'x' });
  assert.is(combo.evaluationSucceeded, false);
  assert.is(combo.parsingSucceeded, true);
  assert.is(combo.error?.code, 'EvaluationFailed');
  assert.match(combo.error?.message ?? '', 'documented argument combinations');
  assert.match(run('Replace([a], , "(", , "z", , )', { a: 'x' }).error?.message ?? '', "cannot use the regexPattern \"(\"");
  assert.match(run('Replace([a], , "(?<g>x)", "h", "z", , )', { a: 'x' }).error?.message ?? '', 'is not a named group');
});

test('ToLower / ToUpper (culture ignored), StripSpaces, NormalizeDiacritics (docs examples)', () => {
  const upn = 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))';
  assert.equal(result(upn, { PreferredFirstName: 'John', PreferredLastName: 'Smith' }), ['john.smith@contoso.com']);
  assert.equal(result('ToUpper([a], "tr-TR")', { a: 'abc' }), ['ABC']);
  assert.equal(result('NormalizeDiacritics([givenName])', { givenName: 'Zoë' }), ['Zoe']);
  assert.equal(result('NormalizeDiacritics("Ærøskøbing Łódź straße")'), ['AEroeskoebing Lodz strasse']);
  assert.equal(result('StripSpaces(" a b ")'), ['ab']);
  const multi = run('ToUpper([a])', { a: ['x', 'y'] });
  assert.is(multi.evaluationSucceeded, false);
  assert.match(multi.error?.message ?? '', "'ToUpper' expects a single value as argument 1, but it has 2 values");
});

test('Mid, Left, Word, InStr (docs examples and edges)', () => {
  assert.equal(result('Mid([upn], 1, 8)', { upn: 'johnathan.doe@contoso.com' }), ['johnatha']);
  assert.equal(result('Mid("abc", 2, 10)'), ['bc']);
  assert.equal(result('Mid("abc", 5, 1)'), ['']);
  assert.match(run('Mid("abc", 0, 1)', {}).error?.message ?? '', 'start ≥ 1');
  assert.match(run('Mid("abc", "x", 1)', {}).error?.message ?? '', "expects a whole number as argument 2, but got \"x\"");
  assert.equal(result('Left("John Doe", 3)'), ['Joh']);
  assert.equal(result('Left("John", 0)'), ['']);
  assert.equal(result('Left("John", -1)'), ['John']);
  assert.equal(result('Left([missing], 2)'), ['']);
  assert.equal(result('Left("Jo", 5)'), ['Jo']);
  assert.equal(result('Word("The quick brown fox",3," ")'), ['brown']);
  assert.equal(result('Word("This,string!has&many separators",3,",!&#")'), ['has']);
  assert.equal(result('Word("a b", 3, " ")'), ['']);
  assert.equal(result('Word("a b", 0, " ")'), ['']);
  assert.equal(result('InStr("The quick brown fox","quick")'), ['5']);
  assert.equal(result('InStr("repEated","e",3,vbBinaryCompare)'), ['7']);
  assert.equal(result('InStr("repEated","e",3,vbTextCompare)'), ['4']);
  assert.equal(result('InStr("abc","z")'), ['0']);
});

test('Coalesce, IIF, Switch (docs examples)', () => {
  assert.equal(result('Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' }), ['John.Doe@contoso.com']);
  assert.equal(result('Coalesce([a], [b], "default")'), ['default']);
  assert.equal(result('Coalesce([a], [b])'), []);
  assert.equal(result('Coalesce([a], Guid())', { a: 'set' }), ['set'], 'an unevaluated branch that is not taken does not matter');
  assert.equal(result('IIF(IsPresent([country]), [country], "Other")', { country: 'NL' }), ['NL']);
  assert.equal(result('IIF(IsPresent([country]), [country], "Other")'), ['Other']);
  assert.equal(result('IIF("TRUE", "y", Now())'), ['y']);
  const tz = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")';
  assert.equal(result(tz, { state: 'QLD' }), ['Australia/Brisbane']);
  assert.equal(result(tz, { state: 'WA' }), ['Australia/Sydney']);
  assert.equal(result('Switch([statusFlag], "Default Value", "true", "1", "", "0")'), ['0'], 'a null source matches the key ""');
  assert.equal(result('Switch([state], "x", "qld", "y")', { state: 'QLD' }), ['x'], 'keys compare case-sensitively');
  assert.equal(result('Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: 'Maybe' }), [], 'no match, no default: null');
  assert.equal(result('Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: false }), ['True']);
});

test('Not, IsNull, IsNullOrEmpty, IsPresent, CBool, CStr', () => {
  assert.equal(result('Not([IsSoftDeleted])', { IsSoftDeleted: 'True' }), ['False']);
  assert.equal(result('Not([IsSoftDeleted])', { IsSoftDeleted: 'false' }), ['True']);
  assert.equal(result('Not([missing])'), ['True']);
  assert.equal(result('IsNull([displayName])'), ['True']);
  assert.equal(result('IsNull([displayName])', { displayName: '' }), ['False']);
  assert.equal(result('IsNullOrEmpty([displayName])', { displayName: '' }), ['True']);
  assert.equal(result('IsNullOrEmpty([displayName])', { displayName: 'x' }), ['False']);
  assert.equal(result('IsPresent([displayName])', { displayName: 'x' }), ['True']);
  assert.equal(result('IsPresent([displayName])', { displayName: '' }), ['False']);
  assert.equal(result('CBool("5")'), ['True']);
  assert.equal(result('CBool("0")'), ['False']);
  assert.equal(result('CBool("false")'), ['False']);
  assert.match(run('CBool("maybe")', {}).error?.message ?? '', "'CBool' cannot convert \"maybe\"");
  assert.equal(result('CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' }), ['cn=Joe,dc=contoso,dc=com']);
});

test('Count, Item, RemoveDuplicates, Split, BitAnd, ConvertToBase64, ConvertToUTF8Hex, Redact', () => {
  assert.equal(result('Count([proxyAddresses])', { proxyAddresses: ['a', 'b', 'c'] }), ['3']);
  assert.equal(result('Count([missing])'), ['0']);
  assert.equal(result('Item([proxyAddresses], 1)', { proxyAddresses: ['a', 'b'] }), ['a']);
  assert.equal(result('Item([proxyAddresses], 3)', { proxyAddresses: ['a', 'b'] }), []);
  assert.match(run('Item([p], 0)', { p: ['a'] }).error?.message ?? '', 'counts from 1');
  assert.equal(result('RemoveDuplicates([p])', { p: ['a', 'b', 'a'] }), ['a', 'b']);
  assert.equal(result('Split([extensionAttribute5], ",")', { extensionAttribute5: 'PermissionSetOne,PermissionSetTwo' }), ['PermissionSetOne', 'PermissionSetTwo']);
  assert.equal(result('BitAnd(&HF, &HF7)'), ['7']);
  assert.equal(result('BitAnd([userAccountControl], 2)', { userAccountControl: 514 }), ['2']);
  assert.equal(result('ConvertToBase64("Hello world!")'), ['SABlAGwAbABvACAAdwBvAHIAbABkACEA']);
  assert.equal(result('ConvertToUTF8Hex("Hello world!")'), ['48656C6C6F20776F726C6421']);
  assert.equal(result('Redact([upn])', { upn: 'a@b' }), ['a@b']);
});

test('regexPatterns that can backtrack for ever are refused at once, not run; long inputs and huge results are refused in-band', () => {
  const started = Date.now();
  const reply = run('Replace([mail], , "(a+)+$", , "x", , )', { mail: `${'a'.repeat(40)}!` });
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.is(reply.parsingSucceeded, true);
  assert.is(reply.evaluationSucceeded, false);
  assert.match(reply.error?.message ?? '', /syncemu does not run the regexPattern "\(a\+\)\+\$": a repeated group that itself repeats/);
  assert.match(run('Replace([mail], , "(a|a)*b", , "x", , )', { mail: 'a'.repeat(40) }).error?.message ?? '', /a repeated group of alternatives/);
  assert.match(run('Replace([mail], , ".*.*.*.*.*!", , "x", , )', { mail: 'a'.repeat(120) }).error?.message ?? '', /more than 3 unbounded quantifiers/);
  for (const pattern of ['(a+)+', '(\\w*\\s?)*', '((a+))+', '(a{1,3})*', '(a|b)+', '(x|y){2,}', '.*.*.*.*']) assert.ok(backtrackingRisk(pattern), pattern);
  for (const pattern of ['(?<n>\\d+)-(\\d+)', '[(a+)]+', '(ab){2,}', '\\(a+\\)+', '^(\\d{3})(\\d{4})$', '(a|b){2}', '^(.*)@(.*)$', '(?<SuffixNumber>\\d*)$']) {
    assert.is(backtrackingRisk(pattern), undefined, pattern);
  }
  assert.match(run('Replace([mail], , "a", , "b", , )', { mail: 'a'.repeat(2000) }).error?.message ?? '', /at most 1,024 characters; this value has 2,000/);
  // nested Replace doubling a string past any limit: answered in-band, quickly
  let expression = '[x]';
  for (let i = 0; i < 40; i++) expression = `Replace(${expression}, "a", , , "aa", , )`;
  const huge = run(expression, { x: 'a'.repeat(100) });
  assert.is(huge.evaluationSucceeded, false);
  assert.match(huge.error?.message ?? '', /longer than 100,000 characters/);
});

test('a catalog function syncemu does not evaluate: parsed, evaluation fails honestly', () => {
  for (const text of ['Now()', 'Guid()', 'DateAdd("d", 7, CDate([StatusHireDate]))', 'SingleAppRoleAssignment([appRoleAssignments])', 'ToLower(PCase([a]))']) {
    const reply = run(text, { a: 'x' });
    assert.is(reply.parsingSucceeded, true, text);
    assert.ok(reply.parsedExpression !== null);
    assert.is(reply.evaluationSucceeded, false, text);
    assert.is(reply.evaluationResult, null);
    assert.is(reply.error?.code, 'EvaluationNotSupported');
    assert.match(reply.error?.message ?? '', /^syncemu parses '\w+' but does not evaluate it/);
  }
});

// ---- 400s ------------------------------------------------------------------------------------------

test('malformed bodies are 400s naming the parameter', () => {
  assert.match(badRequestMessage(null), "parameter 'expression'");
  assert.match(badRequestMessage([]), "parameter 'expression'");
  assert.match(badRequestMessage('Append([a], "b")'), "parameter 'expression'");
  assert.match(badRequestMessage({}), "The parameter 'expression' is required and must be a string; got nothing");
  assert.match(badRequestMessage({ expression: null }), 'got null');
  assert.match(badRequestMessage({ expression: 5 }), 'got a number');
  assert.match(badRequestMessage({ expression: '[a]', expresion: '[a]' }), "The parameter 'expresion' in the request payload is not a valid parameter for the operation 'parseExpression'");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: 'x' }), "'testInputObject' must be an expressionInputObject");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: { props: [] } }), "'testInputObject.props'");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: { properties: {} } }), "'testInputObject.properties' must be an array");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: { properties: [{ value: 'x' }] } }), "'testInputObject.properties[0].key' must be a non-empty string");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: { properties: [{ key: 'a', value: { x: 1 } }] } }), "'testInputObject.properties[0].value' must be a string");
  assert.match(badRequestMessage({ expression: '[a]', testInputObject: { properties: [{ key: 'a', value: 1 }, { key: 'A', value: 2 }] } }), "'testInputObject.properties[1].key' repeats the attribute 'A'");
  assert.match(badRequestMessage({ expression: '[a]', targetAttributeDefinition: 'String' }), "'targetAttributeDefinition'");
});

test('OData annotations and a targetAttributeDefinition object are accepted', () => {
  const reply = parseExpression({
    '@odata.type': '#microsoft.graph.parseExpressionRequest',
    expression: 'ToUpper([a])',
    testInputObject: { '@odata.type': '#microsoft.graph.expressionInputObject', properties: [{ '@odata.type': '#microsoft.graph.stringKeyObjectValuePair', key: 'a', value: 'x' }] },
    targetAttributeDefinition: { name: 'displayName', type: 'String' },
  });
  assert.equal(reply.evaluationResult, ['X']);
});

test.run();
