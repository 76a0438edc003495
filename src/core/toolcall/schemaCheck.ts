import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isPlainObject } from './pythonText';

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

// Validators are compiled once per schema object; records parsed from JSONL carry fresh but equal schema
// objects on every line, so a second cache keyed by the schema's text catches those.
const bySchemaObject = new WeakMap<object, ValidateFunction | null>();
const bySchemaText = new Map<string, ValidateFunction | null>();
const MAX_TEXT_ENTRIES = 2000;

export function validatorFor(schema: unknown): ValidateFunction | null {
  if (!isPlainObject(schema)) return null;
  const cached = bySchemaObject.get(schema);
  if (cached !== undefined) return cached;
  const text = JSON.stringify(schema);
  let validator = bySchemaText.get(text);
  if (validator === undefined) {
    validator = compile(schema);
    if (bySchemaText.size >= MAX_TEXT_ENTRIES) bySchemaText.clear();
    bySchemaText.set(text, validator);
  }
  bySchemaObject.set(schema, validator);
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

/** Validates arguments against the tool's parameters schema; [] when valid or when there is no usable schema. */
export function checkArguments(schema: unknown, args: unknown): SchemaViolation[] {
  const validate = validatorFor(schema);
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
