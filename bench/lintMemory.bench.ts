// Peak memory of `rollout-studio lint` on one record whose tool call carries a 50 MB argument (target: at
// most 3× the input above the process's own baseline). Each case runs in a fresh Node process, since a
// process's peak resident size only ever grows: the child reads the file with the CLI's own reader and lints
// it as the CLI does, and reports its baseline (after loading the code) and its peak.
// What is held at the peak: the file's text (1×, kept for file:line positions) and the turn's decoded
// content (1×); a valid call's 50 MB argument is a slice of that content, not a third copy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLintCommand } from '../src/cli/lint';
import { readText } from '../src/cli/processIo';
import { printTable, writeResult } from './benchKit';

const ARGUMENT_BYTES = 50 * 1024 * 1024;
const TARGET = 3;

interface Measured {
  baselineBytes: number;
  peakBytes: number;
  outputBytes: number;
  exitCode: number;
}

const child = process.argv[2];
if (child !== undefined) {
  // Loaded and warmed on a tiny input, so the baseline holds the code and not the file.
  await lintFile(child.replace(/\.jsonl$/, '.tiny.jsonl'));
  (globalThis as { gc?: () => void }).gc?.();
  const baselineBytes = process.memoryUsage().rss;
  const { exitCode, outputBytes } = await lintFile(child);
  const measured: Measured = {
    baselineBytes,
    peakBytes: process.resourceUsage().maxRSS * 1024,
    outputBytes,
    exitCode,
  };
  process.stdout.write(JSON.stringify(measured));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-studio-lint-memory-'));
  try {
    const argument = 'x'.repeat(ARGUMENT_BYTES);
    const call = JSON.stringify({ name: 'f', arguments: { a: argument } });
    const cases = {
      // A valid call: its arguments are parsed and kept in the verdict.
      'valid call': call,
      // Single quotes: a TC002 whose range is placed in the file through the content's escapes.
      'broken call': call.replace('{"name"', "{'name'"),
    };
    const rows = [];
    const results: Record<string, unknown> = {};
    for (const [name, body] of Object.entries(cases)) {
      const file = join(dir, `${name.replace(/ /g, '-')}.jsonl`);
      const record = (content: string) =>
        JSON.stringify({
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content },
          ],
        }) + '\n';
      writeFileSync(file, record(`<tool_call>\n${body}\n</tool_call>`));
      writeFileSync(
        file.replace(/\.jsonl$/, '.tiny.jsonl'),
        record(`<tool_call>\n${body.slice(0, 20)}\n</tool_call>`),
      );
      const inputBytes = readFileSync(file).length;
      const run = spawnSync(process.execPath, ['--expose-gc', process.argv[1]!, file], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`the measuring process failed: ${run.stderr}`);
      const m = JSON.parse(run.stdout) as Measured;
      const aboveBaseline = (m.peakBytes - m.baselineBytes) / inputBytes;
      results[name] = { inputBytes, ...m, aboveBaseline, peakOverInput: m.peakBytes / inputBytes };
      rows.push({
        case: name,
        'input MB': inputBytes / 1e6,
        'baseline MB': m.baselineBytes / 1e6,
        'peak MB': m.peakBytes / 1e6,
        '× input above baseline': aboveBaseline,
        target: `≤ ${TARGET}×`,
        met: aboveBaseline <= TARGET ? 'yes' : 'no',
      });
    }
    printTable(rows);
    console.log(
      `written to ${writeResult('lintMemory', { target: TARGET, node: process.version, results })}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lintFile(path: string): Promise<{ exitCode: number; outputBytes: number }> {
  let outputBytes = 0;
  const count = (s: string) => void (outputBytes += s.length);
  const exitCode = await runLintCommand([path], {
    stdout: count,
    stderr: count,
    readFile: (p) => readText(p, count),
  });
  return { exitCode, outputBytes };
}
