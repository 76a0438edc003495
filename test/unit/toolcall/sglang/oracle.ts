import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { EngineInput } from './engineView';
import type { SglangView } from './fixtureCases';

const DRIVER = join(import.meta.dirname, '../../../../media/sglang_verdict.py');

interface DriverLine {
  id: string;
  reasoning: string | null;
  normal_text: string;
  calls: { name: string; arguments: string }[] | null;
  raised: string | null;
  error: string | null;
}

/** SGLang's own verdicts (media/sglang_verdict.py) for `cases`, from the release installed at `root`. */
export function sglangViews(
  python: string,
  root: string,
  cases: (EngineInput & { id: string })[],
): Map<string, SglangView & { raised: string | null }> {
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const r = spawnSync(python, [DRIVER, root], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`sglang_verdict.py (${root}) failed: ${r.stderr}`);
  const out = new Map<string, SglangView & { raised: string | null }>();
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const v = JSON.parse(line) as DriverLine & { problem?: string; message?: string };
    if (v.problem !== undefined) throw new Error(`SGLang at ${root}: ${v.problem}: ${v.message}`);
    if (v.error !== null) throw new Error(`${v.id}: ${v.error}`);
    out.set(v.id, {
      normalText: v.normal_text,
      reasoning: v.reasoning,
      calls: v.calls ?? [],
      raised: v.raised,
    });
  }
  return out;
}
