// Run in its own Node process by malformedFiles.test.ts, so the peak resident size it reports is that of
// reading one file: `summary` and `lint` as the CLI runs them, then the file streamed into a run store as
// the extension host mirrors a run. Prints one JSON object.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { runLintCommand } from '../../../src/cli/lint';
import { readText } from '../../../src/cli/processIo';
import { runSummaryCommand } from '../../../src/cli/summary';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';

const [file, storeDir] = process.argv.slice(2) as [string, string];

async function command(run: typeof runSummaryCommand, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (s: string) => void (stdout += s),
    stderr: (s: string) => void (stderr += s),
    readFile: (p: string) => readText(p, (s) => void (stderr += s)),
  };
  let code: number;
  try {
    code = await run(argv, io);
  } catch (e) {
    stderr += `thrown: ${(e as Error).message}\n`;
    code = -1;
  }
  // lint's report can be long; its last line is the count. summary's JSON is short.
  return {
    code,
    stdout: stdout.length > 100_000 ? stdout.slice(-2000) : stdout,
    stderr: stderr.slice(0, 4000),
  };
}

const baselineRssBytes = process.memoryUsage().rss;
const summary = await command(runSummaryCommand, [file, '--format', 'json']);
const lint = await command(runLintCommand, [file]);
let store: { samples: number[]; problems: { line: number; message: string }[] } | undefined;
if ((await stat(file)).isFile()) {
  const profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' } as const;
  const s = await RunStore.open(storeDir, 'probe', { annotate: sampleAnnotator(profile) });
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) s.ingest(chunk as Buffer);
  await s.flush();
  await s.diagnosed();
  store = {
    samples: s.samples.slice().map((e) => e.line ?? 0),
    problems: s.problems.map((p) => ({ line: p.line, message: p.message.slice(0, 300) })),
  };
  await s.close();
}
process.stdout.write(
  JSON.stringify({
    summary,
    lint,
    store,
    baselineRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
