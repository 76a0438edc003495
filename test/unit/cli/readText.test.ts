import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readText } from '../../../src/cli/processIo';

const dir = mkdtempSync(join(tmpdir(), 'rs-read-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(bytes: Buffer): Promise<{ text: string; said: string }> {
  const path = join(dir, `f${Math.random()}.jsonl`);
  writeFileSync(path, bytes);
  let said = '';
  const text = await readText(path, (s) => void (said += s));
  return { text, said };
}

describe('readText', () => {
  it('reads UTF-8, a U+FFFD written in the file included, without a word', async () => {
    const r = await read(Buffer.from('{"a": "é"}\n{"b": "\uFFFD"}\n', 'utf8'));
    expect(r.text).toBe('{"a": "é"}\n{"b": "\uFFFD"}\n');
    expect(r.said).toBe('');
  });

  it('reads bytes that are not UTF-8 as U+FFFD and names their line', async () => {
    const r = await read(
      Buffer.concat([Buffer.from('{"a": 1}\n{"b": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]),
    );
    expect(r.text).toBe('{"a": 1}\n{"b": "\uFFFD\uFFFD"}\n');
    expect(r.said).toMatch(/f[\d.]+\.jsonl:2: invalid UTF-8, read as U\+FFFD/);
  });
});
