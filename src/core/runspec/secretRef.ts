// While a launch script is read, a variable whose name looks like a credential expands to a marker
// naming it instead of to its value, so a value the script holds or defaults never reaches the spec:
// wherever the marker lands (a flag value, an environment value), the importer keeps only the name.

/**
 * Names that look like credentials: their values never enter a spec, only their names (secretEnv).
 * A key is an API or access key (WANDB_API_KEY, WANDB_KEY, OPENAI_API_KEY), not a data key that slime
 * flags name (REWARD_KEY, INPUT_KEY, MULTIMODAL_KEYS); a token is HF_TOKEN, not TOKENIZER or MAX_TOKENS.
 */
const SECRET_NAME =
  /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|KEY)(?:_|$)|(?:API|ACCESS|PRIVATE|AUTH|SECRET|WANDB|HF|OPENAI|ANTHROPIC|GEMINI|AWS)_?KEY(?:_|$)/i;
const DATA_KEY = /^(?:REWARD|EVAL_REWARD|INPUT|LABEL|METADATA|TOOL|MULTIMODAL|PROMPT|ANSWER|RESPONSE)_KEY$/i;

/** Whether a variable's name looks like it holds a credential. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !DATA_KEY.test(name);
}

// U+2063 (invisible separator) never occurs in a launch script's flags, and survives JSON and bash quoting.
const MARK = '\u2063';
const REF = new RegExp(`${MARK}secret:([A-Za-z_][A-Za-z0-9_]*)${MARK}`, 'g');

export function secretRef(name: string): string {
  return `${MARK}secret:${name}${MARK}`;
}

/** The secret variables whose markers the text holds, in order, without repeats. */
export function secretNames(text: string): string[] {
  return [...new Set([...text.matchAll(REF)].map((m) => m[1] as string))];
}
