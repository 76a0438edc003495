import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildTimeline } from '../../../src/core/runspec/stepTimeline';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';
import { runProfile } from '../../../src/core/toolcall/runProfile';
import type { Profile } from '../../../src/core/toolcall/types';
import { overlayOverview } from '../../../src/core/viewer/overlayOverview';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import { INITIAL_STATE_ID, L10N_BUNDLE_ID, embedState } from '../../../src/shared/protocol';
import type {
  HostToViewer,
  RunInfra,
  ViewerInit,
  ViewerToHost,
  ViewerUiState,
} from '../../../src/shared/protocol';

// The trajectory viewer in real Chromium without VS Code: the production bundle, the production CSP,
// and a host made of the real RunViewerData over a real RunStore. Only the postMessage bridge is ours.

export const PROFILE: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
export const RUN_KEY = '/box/runs/test-run';

/**
 * The repository root, found from this file upwards: benchmarks run this harness from a bundle written
 * elsewhere, where a fixed '../..' would point at the wrong folder.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'webview', 'main.ts'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no webview/main.ts above ${from}`);
  }
}

const root = findRoot(import.meta.dirname);

export interface ViewerPage {
  page: Page;
  data: RunViewerData;
  store: RunStore;
  /** Messages the webview sent that were not requests (openTurn, openRecord, uiState…). */
  sent: ViewerToHost[];
  append(text: string): Promise<void>;
  close(): Promise<void>;
}

let bundle: { js: string; css: string; dir: string } | undefined;

async function buildBundle(): Promise<{ js: string; css: string }> {
  if (bundle) return bundle;
  const dir = mkdtempSync(join(tmpdir(), 'rs-viewer-bundle-'));
  await esbuild.build({
    entryPoints: [join(root, 'webview', 'main.ts')],
    outfile: join(dir, 'webview.js'),
    bundle: true,
    // Minified as in `npm run build:prod`, so what the tests and benchmarks load is what ships.
    minify: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
    logLevel: 'warning',
  });
  bundle = {
    js: readFileSync(join(dir, 'webview.js'), 'utf8'),
    css: readFileSync(join(dir, 'webview.css'), 'utf8'),
    dir,
  };
  return bundle;
}

export interface ViewerPageOptions {
  /** The viewer's restored state: tab, query, selected sample. */
  ui?: Partial<ViewerUiState>;
  viewport?: { width: number; height: number };
  /** Runs in the page before the bundle and after the stand-in acquireVsCodeApi (benchmarks put their probes there). */
  initScript?: () => void;
  /** More runs (run dir → records) listed beside it, for overlays. */
  others?: Record<string, string>;
  /** The run's console.log text, which the host turns into the step timeline. */
  consoleLog?: string;
  /**
   * Answers the overview's infrastructure asks (GPU readings, the W&B link); without it the run is on no
   * box, as an opened file is.
   */
  infra?: (runKey: string) => Promise<RunInfra>;
  /** The display language's translations, as the host passes vscode.l10n.bundle; none shows English. */
  l10nBundle?: Record<string, string>;
}

/** Opens the viewer, in Chromium without VS Code, on a store filled with `records` (rollouts.jsonl text). */
export async function openViewer(
  browser: Browser,
  records: string,
  {
    ui = {},
    viewport = { width: 1400, height: 900 },
    initScript,
    others = {},
    consoleLog,
    infra,
    l10nBundle,
  }: ViewerPageOptions = {},
): Promise<ViewerPage> {
  const { js, css } = await buildBundle();
  const storeDir = mkdtempSync(join(tmpdir(), 'rs-viewer-store-'));
  const store = await RunStore.open(storeDir, 'test', { annotate: sampleAnnotator(PROFILE) });
  const page = await browser.newPage({ viewport });
  // As JSON text, which is how VS Code carries webview messages: Playwright's own serialisation of
  // arguments recurses once per level and gives up on values nested a few hundred deep.
  const deliver = (m: HostToViewer) =>
    page
      .evaluate((json) => window.postMessage(JSON.parse(json) as unknown, '*'), JSON.stringify(m))
      .catch(() => undefined);
  const data = new RunViewerData(
    RUN_KEY,
    store,
    PROFILE,
    (n) => void deliver({ type: 'notice', runKey: RUN_KEY, ...n }),
    20,
  );
  const append = async (text: string) => {
    store.ingest(Buffer.from(text));
    await store.flush();
    await store.diagnosed();
  };
  await append(records);
  await data.idle();
  const otherStores = new Map<string, RunStore>();
  for (const [dir, text] of Object.entries(others)) {
    const other = await RunStore.open(join(storeDir, `other-${otherStores.size}`), 'test', {
      annotate: sampleAnnotator(PROFILE),
    });
    other.ingest(Buffer.from(text));
    await other.flush();
    await other.diagnosed();
    otherStores.set(dir, other);
  }
  const sent: ViewerToHost[] = [];
  await page.exposeFunction('__rsToHost', async (m: ViewerToHost) => {
    if (m.type !== 'request') {
      sent.push(m);
      return;
    }
    try {
      let result: unknown;
      if (m.method === 'rows') result = data.rowsPage(m.params);
      else if (m.method === 'sample') result = await data.sample(m.params.key);
      else if (m.method === 'overview') result = data.overview();
      else if (m.method === 'comparePair') result = data.comparePair(m.params.key);
      else if (m.method === 'evalSummary') result = data.evalSummary(m.params.step);
      else if (m.method === 'behaviour') result = data.behaviour();
      else if (m.method === 'infra')
        result = infra
          ? await infra(m.params.runKey)
          : { gpu: [], sampling: false, gpuNote: 'The run is not on a connected box.', wandbUrl: null };
      else if (m.method === 'timeline')
        result = {
          timeline: consoleLog === undefined ? null : buildTimeline(consoleLog),
          note:
            consoleLog === undefined ? 'This run has no console.log, so there is no step timeline.' : null,
        };
      else {
        const other = otherStores.get(m.params.runKey);
        if (!other) throw new Error(`no run ${m.params.runKey}`);
        result = overlayOverview(other);
      }
      await deliver({ type: 'response', id: m.id, ok: true, result });
    } catch (e) {
      await deliver({ type: 'response', id: m.id, ok: false, error: (e as Error).message });
    }
  });
  await page.addInitScript(() => {
    let saved: unknown;
    (window as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => (window as unknown as { __rsToHost: (m: unknown) => void }).__rsToHost(m),
      getState: () => saved,
      setState: (s: unknown) => (saved = s),
    });
  });
  if (initScript) await page.addInitScript(initScript);
  const init: ViewerInit = {
    ui: {
      runKey: RUN_KEY,
      query: { filter: '', search: '', sort: { column: 'step', descending: false } },
      tab: 'samples',
      selected: null,
      compareWith: null,
      raw: false,
      ...ui,
    },
    runs: [
      {
        runKey: RUN_KEY,
        name: 'test run',
        state: 'running',
        samples: store.samples.length,
        toolCalls: runProfile(PROFILE, undefined).said,
      },
      ...[...otherStores].map(([dir, s]) => ({
        runKey: dir,
        name: dir.split('/').pop() ?? dir,
        state: 'exited',
        samples: s.samples.length,
        toolCalls: runProfile(PROFILE, undefined).said,
      })),
    ],
  };
  const nonce = 'rs-test-nonce';
  // The same policy webviewHtml() gives every panel (script only by nonce, no inline handlers).
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src http://viewer.test 'nonce-${nonce}'; font-src http://viewer.test; img-src http://viewer.test data:`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="http://viewer.test/webview.css" nonce="${nonce}"></head>
<body class="vscode-dark">
<script type="application/json" id="${INITIAL_STATE_ID}" nonce="${nonce}">${embedState(init)}</script>
<script type="application/json" id="${L10N_BUNDLE_ID}" nonce="${nonce}">${embedState(l10nBundle ?? null)}</script>
<rs-viewer></rs-viewer>
<script src="http://viewer.test/webview.js" nonce="${nonce}"></script></body></html>`;
  await page.route('http://viewer.test/**', async (route) => {
    const url = route.request().url();
    if (url.endsWith('/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: js });
    if (url.endsWith('/webview.css')) return route.fulfill({ contentType: 'text/css', body: css + THEME });
    if (url.includes('.ttf')) return route.fulfill({ body: readFileSync(join(bundle!.dir, 'codicon.ttf')) });
    return route.fulfill({ contentType: 'text/html', body: html });
  });
  await page.goto('http://viewer.test/');
  return {
    page,
    data,
    store,
    sent,
    append,
    async close() {
      data.dispose();
      await page.close();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** A few of VS Code's dark theme variables, so screenshots look like the editor's. */
const THEME = `
body { background: #1e1e1e; --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-editor-font-size: 12px; --vscode-editor-background: #1e1e1e; --vscode-errorForeground: #f48771;
  --vscode-editorError-foreground: #f14c4c; --vscode-editorWarning-foreground: #cca700; --vscode-testing-iconPassed: #73c991;
  --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-charts-red: #f14c4c;
  --vscode-charts-yellow: #cca700; --vscode-charts-orange: #d18616; --vscode-widget-border: #454545; --vscode-panel-border: #2b2b2b;
  --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-hoverBackground: #2a2d2e; --vscode-list-inactiveSelectionBackground: #37373d; --vscode-focusBorder: #007fd4;
  --vscode-input-background: #3c3c3c; --vscode-input-foreground: #cccccc; --vscode-dropdown-background: #3c3c3c;
  --vscode-dropdown-foreground: #f0f0f0; --vscode-textLink-foreground: #3794ff; --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #cccccc; --vscode-button-background: #0e639c;
  --vscode-button-foreground: #ffffff; color: var(--vscode-foreground); }`;

export function closeBundle(): void {
  if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  bundle = undefined;
}
