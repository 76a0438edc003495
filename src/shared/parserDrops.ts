import type { Diagnostic } from '../core/toolcall/types';

// The diagnostics whose call SGLang's parse loses, as against calls it returns with wrong arguments (TC004,
// TC006) or turns that break the recipe's policy (TC007, TC008, TC012): a block left unclosed (TC001), not
// valid JSON (TC002) or without a name (TC003) is skipped; an unknown name is dropped (TC005); a call
// inside reasoning goes to reasoning_content (TC009); one the detector does not see stays text (TC010);
// a closing tag alone opens nothing (TC011). See docs/toolcalls.md and reference/sglang.md §4.
const DROP_CODES: ReadonlySet<string> = new Set([
  'TC001',
  'TC002',
  'TC003',
  'TC005',
  'TC009',
  'TC010',
  'TC011',
]);

/** Whether the diagnostic is a call SGLang drops: a parse failure, not a schema or policy error. */
export function isParserDrop(d: Pick<Diagnostic, 'code' | 'severity'>): boolean {
  return d.severity === 'error' && DROP_CODES.has(d.code);
}
