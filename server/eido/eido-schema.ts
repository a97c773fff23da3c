import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The NENA EIDO JSON schema (NENA-STA-021, the NENA911 EIDO-JSON repository's
 * Schema/openapi.yaml, v1.0.0), kept as published beside this file and compiled once with a
 * real validator: the contract is the standard's own document, not a retyping of it.
 */
const SCHEMA_FILE = new URL('./eido-openapi.yaml', import.meta.url);

/**
 * The published document has one typo a validator refuses to compile: `minItems: 1,` (a string)
 * on AgentType.agentRoleRegistryText. Numbers written as text are read as the numbers meant.
 */
function mendTypos(node: unknown): void {
  if (Array.isArray(node)) node.forEach(mendTypos);
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    for (const key of ['minItems', 'maxItems', 'minLength', 'maxLength']) if (typeof obj[key] === 'string') obj[key] = Number.parseInt(obj[key], 10);
    Object.values(obj).forEach(mendTypos);
  }
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const doc = parse(readFileSync(SCHEMA_FILE, 'utf8')) as { components: unknown };
  mendTypos(doc.components);
  // OpenAPI 3.0 schemas are JSON Schema with extra keywords (example, nullable): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addSchema({ $id: 'eido', components: doc.components });
  // Person, organization, vehicle and item details are NIEM types in files the document refers
  // to but does not include: any object is accepted there (Tandem exports none of them).
  const anyObject = { type: 'object' };
  ajv.addSchema({
    $id: 'NIEMComponents/nc.yaml',
    components: { schemas: { ncPersonType: anyObject, ncOrganizationType: anyObject, ncVehicleType: anyObject, ncItemType: anyObject } },
  });
  ajv.addSchema({ $id: 'NIEMComponents//j.yaml', components: { schemas: { jCommercialVehicleType: anyObject } } });
  compiled = ajv.getSchema('eido#/components/schemas/EmergencyIncidentDataObjectType') ?? null;
  if (!compiled) throw new Error('the EIDO schema has no EmergencyIncidentDataObjectType');
  return compiled;
}

export interface SchemaIssue {
  /** Dotted path in the document ("notesComponent.0.notesActionComments"), or "(document)". */
  path: string;
  message: string;
}

/** Where an EIDO document breaks the schema (empty when it is valid). */
export function eidoSchemaErrors(doc: unknown): SchemaIssue[] {
  const validate = validator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).slice(0, 20).map(issueOf);
}

function issueOf(e: ErrorObject): SchemaIssue {
  return { path: e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '(document)', message: e.message ?? 'is invalid' };
}
