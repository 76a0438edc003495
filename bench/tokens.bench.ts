// The token view in Chromium: the production component (webview/viewer/tokenView.ts) with the production
// CSS, in a pane the size of the viewer's right side, answered by a client that hands it a train-dump
// sample. Timed inside the page from the moment the data is handed over to a painted frame.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import type { TrainTokenSample } from '../src/core/tokens/trainTokens';
import type { TokenView } from '../src/shared/protocol';
import { median, printTable, writeResult } from './benchKit';
import type { Row } from './benchKit';

const SIZES = [2_000, 8_000, 32_000];
const REPS = 7;
// Bundled into a cache folder before it runs: the project is where npm runs it.
const root = process.cwd();

function sample(n: number): TrainTokenSample {
  const words = [
    'The',
    ' order',
    ' #W2378156',
    ' was',
    ' cancelled',
    '.',
    '\n',
    '<tool_call>',
    '{"',
    'name',
    '":',
  ];
  return {
    rolloutPosition: 0,
    sampleIndex: 0,
    promptLength: 100,
    ids: Array.from({ length: n }, (_, i) => 1000 + (i % 5000)),
    pieces: Array.from({ length: n }, (_, i) => words[i % words.length]!),
    lossMask: Array.from({ length: n }, (_, i) => (Math.floor(i / 200) % 3 === 2 ? 0 : 1)),
    advantages: Array.from({ length: n }, (_, i) => Math.sin(i / 50)),
    logProbs: Array.from({ length: n }, (_, i) => -((i * 7919) % 100) / 20),
  };
}

function view(n: number): TokenView {
  return {
    ok: true,
    joinedBy: 'sample_index 0',
    path: '/bench/train.jsonl',
    sources: ['bench'],
    tokenizer: { source: null, note: null },
    problems: [],
    maxAbs: 1,
    sample: sample(n),
  };
}

const entry = `import ${JSON.stringify(join(root, 'webview/viewer/tokenView.ts'))};`;
const built = await esbuild.build({
  stdin: { contents: entry, loader: 'ts', resolveDir: root },
  bundle: true,
  minify: true,
  write: false,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
});
const css = await esbuild.build({
  entryPoints: [join(root, 'webview/viewer/style.css')],
  bundle: true,
  write: false,
  loader: { '.ttf': 'empty' },
});

interface Paint {
  ms: number;
  spans: number;
}

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
// The viewer's right pane at this window size: about 54% of the width, the height below the sample's head.
await page.setContent(
  `<style>${css.outputFiles[0]!.text} body { --vscode-editor-font-size: 12px; --vscode-editor-font-family: monospace; }</style>` +
    `<div id="pane" style="display:flex;flex-direction:column;width:756px;height:700px"></div>`,
);
await page.addScriptTag({ content: built.outputFiles[0]!.text });
const rows: Row[] = [];
for (const n of SIZES) {
  const v = view(n);
  const runs: Paint[] = [];
  for (let r = 0; r < REPS; r++) {
    runs.push(
      await page.evaluate(
        ([v, step]) =>
          new Promise<Paint>((resolve, reject) => {
            const pane = document.getElementById('pane')!;
            pane.replaceChildren();
            const el = document.createElement('rs-tokens') as HTMLElement & Record<string, unknown>;
            let start = 0;
            el.client = {
              request: () => {
                start = performance.now();
                return Promise.resolve(v);
              },
            };
            el.runKey = 'bench:/bench/run';
            el.key = { step, evaluation: false, group: 0, index: 0 };
            pane.append(el);
            // A view that never asks (a renamed property) would leave the benchmark waiting forever.
            const giveUp = performance.now() + 30_000;
            const painted = () => {
              if (performance.now() > giveUp)
                return reject(new Error('the token view painted nothing in 30 s'));
              if (!pane.querySelector('.token-text .tok'))
                return requestAnimationFrame(() => setTimeout(painted));
              // A task queued from the next frame runs once that frame's style, layout and paint are done.
              requestAnimationFrame(() =>
                setTimeout(() =>
                  resolve({ ms: performance.now() - start, spans: pane.querySelectorAll('.tok').length }),
                ),
              );
            };
            painted();
          }),
        [v, r] as const,
      ),
    );
  }
  rows.push({
    tokens: n,
    'data -> painted, median ms (target <= 150 at 32k)': median(runs.map((x) => x.ms)),
    'max ms': Math.max(...runs.map((x) => x.ms)),
    'spans in the DOM': median(runs.map((x) => x.spans)),
  });
}
await browser.close();
printTable(rows);
console.log(
  `Median of ${REPS}, coloured by advantage; the pane is 756 x 700 px, as the viewer's right side at 1400 x 900.`,
);
console.log(`results: ${writeResult('tokens', rows)}`);
