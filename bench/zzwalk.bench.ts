import { demoSample } from '../src/core/demo/demoSamples';
import { createLineMemory, readLineHead } from '../src/core/store/lineHead';
import { LINE_RULES } from '../src/core/store/recordEntry';
function foreignOrder(record: ReturnType<typeof demoSample>): Record<string, unknown> {
  const { kind, v: _tapVersion, messages, tools, metadata, taskId, domain, ...head } = record;
  return { kind, v: 1, messages, tools, metadata: { ...metadata, task_id: taskId, domain }, ...head };
}
for (const foreign of [false, true, false, true]) {
  const lines: string[] = [];
  for (let n = 0; n < 20000; n++) {
    const s = demoSample(Math.floor(n / 24) % 40, Math.floor(n / 4) % 6, n % 4);
    lines.push(JSON.stringify(foreign ? foreignOrder(s) : s));
  }
  const buf = Buffer.from(lines.join('\n') + '\n');
  const ranges: number[] = [];
  let at = 0;
  for (const l of lines) { const len = Buffer.byteLength(l); ranges.push(at, at + len); at += len + 1; }
  const mem = createLineMemory();
  let t = performance.now();
  for (let k = 0; k < ranges.length; k += 2) readLineHead(buf, ranges[k]!, ranges[k + 1]!, LINE_RULES, mem);
  const walk = performance.now() - t;
  t = performance.now();
  for (let k = 0; k < ranges.length; k += 2) JSON.parse(buf.toString('utf8', ranges[k]!, ranges[k + 1]!));
  const parse = performance.now() - t;
  console.log(`${foreign ? 'foreign' : 'tap'}: ${(buf.length / 1e6).toFixed(0)} MB; readLineHead ${walk.toFixed(0)} ms (${(buf.length / 1e3 / walk).toFixed(0)} MB/s); toString+JSON.parse ${parse.toFixed(0)} ms (${(buf.length / 1e3 / parse).toFixed(0)} MB/s)`);
}
