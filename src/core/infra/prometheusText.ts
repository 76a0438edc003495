// Prometheus's text exposition format (version 0.0.4), which SGLang's /metrics sends through
// prometheus_client: `# HELP` and `# TYPE` lines, then one sample a line,
//   name{label="value",...} value [timestamp]
// with label values escaped (\\, \", \n) and values that may be NaN, +Inf or -Inf. Strict: a line that is
// none of these is an error naming it, as a scrape that is not this format should not be half-read.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function number(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Every sample of a scrape, in order; `source` names it in errors (a URL or a file). */
export function parsePrometheusText(text: string, source: string): PromSample[] {
  const out: PromSample[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const fail = (what: string): never => {
      throw new Error(`${source}:${i + 1}: ${what}: ${JSON.stringify(line.slice(0, 120))}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (!m) return; // any other comment
      if (!NAME.test(m[2]!) || NAME.exec(m[2]!)![0] !== m[2]) fail(`bad metric name in # ${m[1]}`);
      if (m[1] === 'TYPE' && !TYPES.has((m[3] ?? '').trim())) fail('unknown metric type');
      return;
    }
    const name = NAME.exec(line)?.[0];
    if (!name) fail('not a sample (no metric name)');
    let rest = line.slice(name!.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      for (;;) {
        rest = rest.trimStart();
        if (rest.startsWith('}')) {
          rest = rest.slice(1);
          break;
        }
        const label = LABEL_NAME.exec(rest)?.[0];
        if (!label) fail('bad label name');
        rest = rest.slice(label!.length).trimStart();
        if (!rest.startsWith('="')) fail(`label ${label!} has no ="value"`);
        rest = rest.slice(2);
        let value = '';
        let closed = false;
        for (let k = 0; k < rest.length; k++) {
          const c = rest[k]!;
          if (c === '\\') {
            const next = rest[k + 1];
            if (next === 'n') value += '\n';
            else if (next === '\\' || next === '"') value += next;
            else fail(`bad escape in label ${label!}`);
            k++;
          } else if (c === '"') {
            rest = rest.slice(k + 1);
            closed = true;
            break;
          } else value += c;
        }
        if (!closed) fail(`label ${label!} is not closed`);
        if (Object.hasOwn(labels, label!)) fail(`label ${label!} given twice`);
        labels[label!] = value;
        rest = rest.trimStart();
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (!rest.startsWith('}')) fail('labels not separated by a comma');
      }
    }
    const fields = rest.trim().split(/\s+/);
    if (!/^\s/.test(rest) || fields.length < 1 || fields.length > 2)
      fail('expected a value and an optional timestamp');
    const value = number(fields[0]!);
    if (value === undefined) fail('the value is not a number');
    if (fields.length === 2 && !/^-?\d+$/.test(fields[1]!)) fail('the timestamp is not whole milliseconds');
    out.push({ name: name!, labels, value: value! });
  });
  return out;
}
