import { readFileSync } from 'node:fs';
import type { ApiVersion } from '../routing/route.js';

/** Where Microsoft's CSDL of the synchronization types lies, per version (copied from shared/spec/csdl). */
const FILES: Readonly<Record<ApiVersion, URL>> = {
  'v1.0': new URL('../../../metadata/synchronization-v1.0.xml', import.meta.url),
  beta: new URL('../../../metadata/synchronization-beta.xml', import.meta.url),
};

/**
 * What syncemu adds to Microsoft's text so that it is a whole CSDL document that resolves every
 * `@odata.context` it answers: the `graph` alias that the types already use, the servicePrincipal
 * type (only its `synchronization` navigation) and the `servicePrincipals` entity set.
 */
const CONTAINER = `<!-- syncemu: the servicePrincipal type (here only its synchronization navigation; in Graph a directoryObject with many more properties) and the entity set that every @odata.context starts from -->
<EntityType Name="servicePrincipal" BaseType="graph.entity">
        <NavigationProperty Name="synchronization" Type="graph.synchronization" ContainsTarget="true" />
      </EntityType>

<EntityContainer Name="GraphService">
        <EntitySet Name="servicePrincipals" EntityType="microsoft.graph.servicePrincipal" />
      </EntityContainer>
`;

/** Production beta has the bulkUpload navigation of a job, which the national-cloud beta file lacks. */
const BETA_BULK_UPLOAD = {
  type: `<!-- syncemu: from the production beta type list (schemas/type-mappings/beta-entity-types.json), absent from the national-cloud file -->
<EntityType Name="bulkUpload" BaseType="graph.entity" HasStream="true" />

`,
  navigation: '<NavigationProperty Name="bulkUpload" Type="graph.bulkUpload" ContainsTarget="true" />\n',
};

const documents = new Map<ApiVersion, string>();

/** The `$metadata` document of a version (built once). */
export function csdlDocument(version: ApiVersion): string {
  let document = documents.get(version);
  if (document === undefined) {
    document = readFileSync(FILES[version], 'utf8').replace(/<Schema ([^>]*)Namespace="microsoft\.graph">/, '<Schema $1Namespace="microsoft.graph" Alias="graph">');
    if (version === 'beta' && !document.includes('Name="bulkUpload"')) {
      document = document
        .replace('<ComplexType Name="containerFilter"', `${BETA_BULK_UPLOAD.type}<ComplexType Name="containerFilter"`)
        .replace(/(<EntityType Name="synchronizationJob"[\s\S]*?)(<NavigationProperty Name="schema")/, `$1${BETA_BULK_UPLOAD.navigation}        $2`);
    }
    document = document.replace('</Schema>', `${CONTAINER}</Schema>`);
    documents.set(version, document);
  }
  return document;
}
