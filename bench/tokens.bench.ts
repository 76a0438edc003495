// The token view's spans for long responses in Chromium: the production CSS, the production span builder
// (webview/viewer/tokenView.ts tokenSpans), timed inside the page from the data to a laid-out frame.
import * as esbuild from 'esbuild';
import { join } from 'node:path';
import { launchChromium } from '../scripts/lib/chromium.mjs';
import type { TrainTokenSample } from '../src/core/tokens/trainTokens';
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

const entry = `import { tokenSpans } from ${JSON.stringify(join(root, 'webview/viewer/tokenView.ts'))};
(window as any).tokenSpans = tokenSpans;`;
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

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.setContent(
  `<style>${css.outputFiles[0]!.text}</style><div class="token-text" style="width:1100px"></div>`,
);
await page.addScriptTag({ content: built.outputFiles[0]!.text });
const rows: Row[] = [];
for (const n of SIZES) {
  const data = sample(n);
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    times.push(
      await page.evaluate(
        ([s, mode]) =>
          new Promise<number>((resolve) => {
            const box = document.querySelector('.token-text')!;
            box.replaceChildren();
            const w = window as unknown as { tokenSpans: (s: unknown, m: string, max: number) => Node };
            const start = performance.now();
            box.replaceChildren(w.tokenSpans(s, mode, 1));
            // A task queued from the next frame runs once that frame's style, layout and paint are done.
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
          }),
        [data, r % 2 === 0 ? 'advantage' : 'logprob'] as const,
      ),
    );
  }
  rows.push({ tokens: n, 'median ms to painted': median(times), 'max ms': Math.max(...times) });
}
await browser.close();
printTable(rows);
console.log(`results: ${writeResult('tokens', rows)}`);
