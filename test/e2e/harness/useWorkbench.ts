import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchWorkbench } from './workbench';
import type { Workbench, WorkbenchOptions } from './workbench';

/**
 * One workbench for the tests of a describe block: started before them, a screenshot of whatever a
 * failing test left on screen, closed after them. Options may be computed once hooks registered
 * earlier (a test sshd, say) have run.
 */
export function useWorkbench(options: WorkbenchOptions | (() => WorkbenchOptions) = {}): () => Workbench {
  let wb: Workbench | undefined;
  beforeAll(async () => {
    wb = await launchWorkbench(typeof options === 'function' ? options() : options);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await wb?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await wb?.close();
  });
  return () => {
    if (!wb) throw new Error('the workbench did not start');
    return wb;
  };
}

/** What a person reads in an element: Monaco renders spaces as no-break spaces. */
export async function shownText(locator: { textContent(): Promise<string | null> }): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** What a person reads in an element, on one line: Monaco's spaces made plain and every run of white space one space. */
export async function shownLine(locator: { textContent(): Promise<string | null> }): Promise<string> {
  return (await shownText(locator)).replace(/\s+/g, ' ').trim();
}
