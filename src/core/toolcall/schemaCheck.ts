import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { jsonEqual } from './jsonEqual';
import { isPlainObject } from './pythonText';
import type { ToolSpec } from './types';

/** One way the arguments break the tool's schema, located by a path into the arguments value. */
export interface SchemaViolation {
  /** Path of the offending value (for `additionalProperties`, of the extra key). */
  path: (string | number)[];
  /** True when the path names a key to underline rather than a value. */
  atKey: boolean;
  message: string;
}

const MAX_VIOLATIONS = 20;

// Formats and unknown keywords are not what breaks tool calls; a strict validator would refuse real schemas.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateSchema: false,
  validateFormats: false,
  addUsedSchema: false,
  logger: false,
});

// Validators are compiled once per distinct schema. Records parsed from JSONL carry fresh but equal schema
// objects on every line, so schemas are found by tool name and compared structurally (the same object
// compares at once); a WeakMap keyed by every fresh schema would cost more in garbage collection.
const byToolName = new Map<string, { schema: object; validator: ValidateFunction | null }[]>();
const MAX_SCHEMAS_PER_NAME = 8;
const MAX_NAMES = 1000;

function validatorFor(toolName: string, schema: unknown): ValidateFunction | null {
  if (!isPlainObject(schema)) return null;
  let seen = byToolName.get(toolName);
  const hit = seen?.find((entry) => jsonEqual(entry.schema, schema));
  if (hit !== undefined) {
    // The newest equal object is likely the one the next turns of the same record pass.
    hit.schema = schema;
    return hit.validator;
  }
  const validator = compile(schema);
  if (seen === undefined) {
    if (byToolName.size >= MAX_NAMES) byToolName.clear();
    seen = [];
    byToolName.set(toolName, seen);
  }
  if (seen.length >= MAX_SCHEMAS_PER_NAME) seen.shift();
  seen.push({ schema, validator });
  return validator;
}

function compile(schema: object): ValidateFunction | null {
  try {
    return ajv.compile(schema);
  } catch {
    // A schema ajv cannot compile is a problem of the tool definition, not of the model's call.
    return null;
  }
}

/**
 * Whether the arguments meet the tool's parameters schema (true when there is no usable schema). Cheaper than
 * checkArguments when the answer is no: the violations are not turned into messages.
 */
export function argumentsValid(tool: ToolSpec, args: unknown): boolean {
  const validate = validatorFor(tool.name, tool.parameters);
  return validate === null || validate(args);
}

/** Validates arguments against the tool's parameters schema; [] when valid or when there is no usable schema. */
export function checkArguments(tool: ToolSpec, args: unknown): SchemaViolation[] {
  const validate = validatorFor(tool.name, tool.parameters);
  if (validate === null || validate(args)) return [];
  return (validate.errors ?? []).slice(0, MAX_VIOLATIONS).map(toViolation);
}

function toViolation(error: ErrorObject): SchemaViolation {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = path.length > 0 ? `\`${path.join('.')}\`` : 'the arguments';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    return { path, atKey: false, message: `missing required argument \`${[...path, missing].join('.')}\`` };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    return {
      path: [...path, extra],
      atKey: true,
      message: `unexpected argument \`${[...path, extra].join('.')}\` (the schema allows no other properties)`,
    };
  }
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return {
      path,
      atKey: false,
      message: `${where} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
    };
  }
  return { path, atKey: false, message: `${where} ${error.message ?? 'breaks the schema'}` };
}
