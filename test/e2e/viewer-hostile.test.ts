import { describe, expect, it } from 'vitest';
import { useViewerPages } from './harness/useViewerPages';
import type { ViewerPage } from './harness/viewerInChromium';

// Model output, tool arguments and metadata are untrusted. Every way of smuggling markup or script in
// must come out as text, and nothing may run: each payload would set window.__pwned if it executed.

const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned = \'link\'">click me</a>',
  '<style>body { display: none !important }</style>',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>',
  '"><img src=x onerror=window.__pwned=1>',
];
const BIDI = 'refund to account \u202E1234\u202C and \u2066isolated\u2069';
const HUGE = 'A'.repeat(10 * 1024 * 1024);
/** Markdown whose structure is real and whose contents are payloads: read as Markdown, still text. */
const MARKDOWN = [
  `# Heading ${PAYLOADS[0]}`,
  '',
  `- a [link](javascript:window.__pwned='md') and **bold ${PAYLOADS[1]}**`,
  '- `code <b>`',
  `  continued ${PAYLOADS[2]}`,
  '',
  '```html',
  PAYLOADS[4],
  '```',
  '',
  `Setext ${PAYLOADS[3]}`,
  '---',
  '',
  `| cell | ${PAYLOADS[5]} |`,
  '| :-- | --: |',
  `| ${PAYLOADS[6]} | x |`,
  '',
  `    indented ${PAYLOADS[1]}`,
].join('\n');

function hostileRecord(): string {
  const hostile = PAYLOADS.join(' ');
  const args = JSON.stringify({ name: 'respond', arguments: { content: `${hostile} ${BIDI}` } });
  const record = {
    kind: 'sample',
    v: 1,
    ts: 1,
    step: 0,
    evaluation: false,
    group: 0,
    index: 0,
    status: 'completed',
    reward: 1,
    messages: [
      { role: 'system', content: `system ${hostile}`, trainable: false },
      { role: 'user', content: `user ${hostile} ${BIDI}\n\n${MARKDOWN}`, trainable: false },
      {
        role: 'assistant',
        content: `<think>\n${hostile}\n</think>\n\n${hostile}<tool_call>\n${args}\n</tool_call>`,
        trainable: true,
      },
      { role: 'tool', content: HUGE, trainable: false },
      {
        role: 'assistant',
        content: `<tool_call>\n{"name": "${PAYLOADS[1]!.replace(/"/g, '\\"')}", "arguments": {}}\n</tool_call>`,
        trainable: true,
      },
    ],
    tools: [
      {
        type: 'function',
        function: { name: 'respond', description: hostile, parameters: { type: 'object' } },
      },
    ],
    metadata: {
      task_id: PAYLOADS[1],
      domain: PAYLOADS[0],
      reward_info: {
        reward: 1,
        reward_basis: ['NL_ASSERTION'],
        nl_assertions: [{ nl_assertion: hostile, met: true, justification: hostile }],
        communicate_checks: [{ info: PAYLOADS[2], met: false }],
      },
    },
  };
  const sibling = { ...record, index: 1, reward: 0, messages: record.messages.slice(0, 3) };
  return `${JSON.stringify(record)}\n${JSON.stringify(sibling)}\n`;
}

describe('hostile content in the trajectory viewer', () => {
  const open = useViewerPages('hostile');
  let v: ViewerPage | undefined;

  it('renders markup, script, links, CSS, bidi controls and a 10 MB string as text, and runs nothing', async () => {
    v = await open(hostileRecord(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 0 },
      },
    });
    const { page } = v;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.locator('.turn.role-assistant').first().waitFor();
    // Open everything that is collapsed, so every payload is in the DOM.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await page.locator('.table-body .row').first().waitFor();
    await page.locator('.task').first().hover();
    await page.waitForTimeout(500);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    const viewer = page.locator('rs-viewer');
    for (const tag of ['script', 'img', 'a', 'style', 'svg', 'iframe'])
      expect(await viewer.locator(tag).count(), `<${tag}> elements inside the viewer`).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    const text = (await viewer.textContent()) ?? '';
    for (const p of PAYLOADS) expect(text).toContain(p);
    // Bidi controls are shown as tokens rather than applied.
    expect(await viewer.locator('.invisible', { hasText: 'U+202E' }).count()).toBeGreaterThan(0);
    expect(text).not.toContain('\u202E');
    // The 10 MB tool result is clipped with a way to see all of it.
    const showAll = viewer.locator('.turn.role-tool .show-all');
    expect(((await showAll.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      '20,000 of 10,485,760 characters',
    );
    expect(text.length).toBeLessThan(2_000_000);
    await page.screenshot({ path: 'test-results/screenshots/viewer-hostile.png' });
  });

  it('reads messages as Markdown, formats JSON and opens reasoning when toggled, and still runs nothing', async () => {
    v = await open(hostileRecord(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 0 },
      },
    });
    const { page } = v;
    await page.locator('.turn.role-assistant').first().waitFor();
    for (const name of ['Markdown', 'Code', 'Think']) {
      const toggle = page.locator('.trajectory-head .action.toggle', { hasText: name });
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    }
    const user = page.locator('.turn.role-user .markdown');
    await user.locator('.md-heading').first().waitFor();
    expect(await user.locator('li').count()).toBe(2);
    expect(await user.locator('li').nth(1).textContent()).toContain(`continued ${PAYLOADS[2]}`);
    expect(await user.locator('strong', { hasText: 'bold' }).count()).toBe(1);
    expect(await user.locator('.md-code').first().textContent()).toContain(PAYLOADS[4]);
    // Setext heading, GFM table and indented code, with payloads inside: structure real, contents text.
    expect(await user.locator('.md-heading.md-h2').textContent()).toContain(`Setext ${PAYLOADS[3]}`);
    expect(await user.locator('table.md-table th.md-right').textContent()).toBe(PAYLOADS[5]);
    expect(await user.locator('table.md-table td').first().textContent()).toBe(PAYLOADS[6]);
    expect(await user.locator('.md-code').nth(1).textContent()).toBe(`indented ${PAYLOADS[1]}`);
    expect(await user.locator('.md-href').textContent()).toBe("javascript:window.__pwned='md'");
    expect(await page.locator('.turn.role-assistant details.reasoning[open]').count()).toBeGreaterThan(0);
    // Every turn says roughly how many tokens it is.
    expect(await page.locator('.turn .turn-tokens').count()).toBe(await page.locator('.turn').count());
    const viewer = page.locator('rs-viewer');
    await user.locator('.md-link').click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    for (const tag of ['script', 'img', 'a', 'style', 'svg', 'iframe', 'b'])
      expect(await viewer.locator(tag).count(), `<${tag}> elements inside the viewer`).toBe(0);
    await page.screenshot({ path: 'test-results/screenshots/viewer-render-toggles.png' });
  });

  it('shows more of the 10 MB string a step at a time, still as text', async () => {
    v = await open(hostileRecord(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 0 },
      },
    });
    const { page } = v;
    const shownLength = () =>
      page.evaluate(() => document.querySelector('.turn.role-tool pre')?.textContent?.length ?? 0);
    const before = await shownLength();
    await page.locator('.turn.role-tool .show-all').click();
    await expect.poll(shownLength).toBeGreaterThanOrEqual(before + 200_000);
    expect(
      ((await page.locator('.turn.role-tool .show-all').textContent()) ?? '').replace(/\s+/g, ' '),
    ).toContain('220,000 of 10,485,760 characters');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('marks trained and untrained turns from the loss mask', async () => {
    v = await open(hostileRecord(), {
      ui: {
        selected: { step: 0, evaluation: false, group: 0, index: 0 },
      },
    });
    const { page } = v;
    await page.locator('.turn.role-assistant').first().waitFor();
    expect(await page.locator('.turn.role-assistant .pill.trained').count()).toBe(2);
    expect(await page.locator('.turn.role-user .pill.untrained').count()).toBe(1);
  });

  it('searches raw records for text with quotes and markup in it', async () => {
    v = await open(hostileRecord());
    const { page } = v;
    await page.getByLabel('Search raw records').fill('onerror="window.__pwned');
    await expect.poll(() => page.locator('.table-status').textContent()).toMatch(/2 of 2\s+samples/);
    await page.getByLabel('Search raw records').fill('isolated\u2069 and nothing else');
    await expect.poll(() => page.locator('.table-status').textContent()).toMatch(/0 of 2\s+samples/);
    expect(await page.locator('.table-body .empty').textContent()).toContain('No sample matches');
  });
});
