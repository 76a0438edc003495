import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { quickInput, quickRow } from './harness/palette';
import { shownLine, useWorkbench } from './harness/useWorkbench';
import type { Workbench } from './harness/workbench';
import type { Page } from 'playwright-core';
import { clickUntil } from './harness/clickUntil';

const PYTHON = inject('testPython');

/** Reads an exported file with the test environment's Python: pyarrow for Parquet, the stdlib otherwise. */
function readBack(path: string): { rows: Record<string, unknown>[]; columns: string[] } {
  const script = `
import csv, json, sys
path = sys.argv[1]
if path.endswith('.parquet'):
    import pyarrow.parquet as pq
    table = pq.read_table(path)
    out = {'columns': table.column_names, 'rows': table.to_pylist(),
           'types': {f.name: str(f.type) for f in table.schema}}
elif path.endswith('.csv'):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    out = {'columns': list(rows[0].keys()) if rows else [], 'rows': rows}
else:
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    out = {'columns': list(rows[0].keys()) if rows else [], 'rows': rows}
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as {
    rows: Record<string, unknown>[];
    columns: string[];
  };
}

/**
 * Waits for the notification that the export is written: the file shows up as soon as VS Code opens it,
 * before its bytes are in (a test that read it then saw it empty).
 */
async function written(page: Page, path: string): Promise<void> {
  await page
    .locator('.notification-list-item', { hasText: `to ${path}.` })
    .first()
    .waitFor({ timeout: 30_000 });
}

/** Picks the format, then accepts the save dialog's suggested file (VS Code's own simple dialog). */
async function saveAs(wb: Workbench, format: string, expectedName: string): Promise<string> {
  const { page } = wb;
  const formatRow = quickRow(page, format);
  await formatRow.waitFor({ timeout: 30_000 });
  await formatRow.click();
  const input = quickInput(page);
  await expect.poll(async () => input.inputValue(), { timeout: 30_000 }).toContain(expectedName);
  const path = await input.inputValue();
  await page.keyboard.press('Enter');
  await written(page, path);
  return path;
}

describe('export', () => {
  const workbench = useWorkbench({
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
    prepare: (home) => writeDemoRun(join(home, 'runs'), 2),
  });

  it('writes the filtered table as Parquet, CSV and JSONL that Python reads back', async () => {
    const wb = workbench();
    const frame = await openDemoRunInViewer(wb);
    const status = frame.locator('.table-status');
    await expect.poll(async () => shownLine(status), { timeout: 60_000 }).toContain('48 of 48 samples');
    await frame.getByLabel('Filter expression').fill('reward < 1');
    const count = async () => Number(/^(\d+) of 48 samples/.exec(await shownLine(status))?.[1] ?? 48);
    await expect.poll(count, { timeout: 30_000 }).toBeLessThan(48);
    const shown = await count();
    expect(shown).toBeGreaterThan(0);

    const exportButton = frame.locator('.table-toolbar button', { hasText: 'Export' });
    await exportButton.click();
    await wb.screenshot('export-format');
    const parquet = await saveAs(wb, 'Parquet', 'samples.parquet');
    const table = readBack(parquet) as ReturnType<typeof readBack> & { types: Record<string, string> };
    expect(table.rows).toHaveLength(shown);
    expect(table.columns).toEqual(
      expect.arrayContaining(['step', 'group', 'index', 'task', 'status', 'reward', 'codes', 'turns']),
    );
    expect(table.types).toMatchObject({
      step: 'int32',
      reward: 'double',
      evaluation: 'bool',
      task: 'string',
    });
    for (const row of table.rows) expect(row.reward as number).toBeLessThan(1);
    await wb.page.locator('.notification-toast', { hasText: 'Exported' }).first().waitFor();
    await wb.screenshot('export-done');

    await exportButton.click();
    const csv = readBack(await saveAs(wb, 'CSV', 'samples.csv'));
    expect(csv.rows).toHaveLength(shown);
    expect(csv.rows.map((r) => Number(r.reward))).toEqual(table.rows.map((r) => r.reward));

    await exportButton.click();
    const jsonl = readBack(await saveAs(wb, 'JSON Lines', 'samples.jsonl'));
    expect(jsonl.rows).toEqual(table.rows);
  });

  it('writes a trajectory as Markdown with every turn and the parser verdict', async () => {
    const wb = workbench();
    const frame = await wb.webviewFrame('rs-sample-table');
    await frame.getByLabel('Filter expression').fill('errors > 0');
    const row = frame.locator('.table-body .row:not(.loading)').first();
    // Clicked once the filter has applied: the first row then carries a tool-call error code.
    await expect.poll(async () => shownLine(row), { timeout: 30_000 }).toMatch(/TC\d{3}/);
    const title = frame.locator('.sample-title');
    // The table repaints as the filter applies; a row replaced under the click is clicked again.
    await clickUntil(row, title);
    const sampleId = (await title.textContent())!.trim();
    await frame.locator('.trajectory-head button', { hasText: 'Export' }).click();
    const input = wb.page.locator('.quick-input-widget input');
    await expect.poll(async () => input.inputValue(), { timeout: 30_000 }).toMatch(/\.md$/);
    const path = await input.inputValue();
    await wb.page.keyboard.press('Enter');
    await written(wb.page, path);
    const markdown = readFileSync(path, 'utf8');
    expect(markdown).toContain(sampleId.replaceAll('-', '\\-'));
    expect(markdown).toContain('### Turn 0 · system');
    expect(markdown).toMatch(/- TC\d{3} error at characters \d+–\d+: /);
    expect(markdown).toContain('| Open in Rollout Studio | <code-oss://rollout-studio.rollout-studio/open?');
  });
});
