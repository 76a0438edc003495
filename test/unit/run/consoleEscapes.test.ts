import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ConsoleEscapeFilter } from '../../../src/core/run/consoleEscapes';

const filter = (text: string) => new ConsoleEscapeFilter().write(text);
const ESC = '\x1b';
const ST = `${ESC}\\`;
const BEL = '\x07';

test('colours, cursor moves and tqdm redraws stay as the job printed them', () => {
  const text = `${ESC}[32mok${ESC}[0m 10%|█         |\r 20%|██        |${ESC}[2K${ESC}[1A\n`;
  expect(filter(text)).toBe(text);
});

test('OSC 52 (clipboard) is dropped, with BEL, ST or C1 terminators', () => {
  for (const end of [BEL, ST, '\x9c'])
    expect(filter(`a${ESC}]52;c;${Buffer.from('rm -rf ~').toString('base64')}${end}b`)).toBe('ab');
  expect(filter('a\x9d52;c;Zm9v\x07b')).toBe('ab');
});

test('title changes are dropped', () => {
  expect(filter(`${ESC}]0;pwned${BEL}${ESC}]2;pwned${ST}${ESC}]1;x${BEL}line`)).toBe('line');
});

test('OSC 8 links pass only to http(s); file:, command: and other targets are dropped', () => {
  const link = (uri: string) => `${ESC}]8;;${uri}${ST}text${ESC}]8;;${ST}`;
  expect(filter(link('https://wandb.ai/run/1'))).toBe(link('https://wandb.ai/run/1'));
  expect(filter(link('http://127.0.0.1:8265'))).toBe(link('http://127.0.0.1:8265'));
  const end = `${ESC}]8;;${ST}`;
  for (const uri of [
    'file:///etc/passwd',
    'command:workbench.action.terminal.sendSequence',
    'vscode://x',
    'javascript:alert(1)',
  ])
    expect(filter(link(uri))).toBe(`text${end}`);
});

test('DCS, SOS, PM and APC strings and other OSCs are dropped', () => {
  expect(
    filter(
      `a${ESC}Pq#0;2;0;0;0${ST}b${ESC}_x${ST}c${ESC}^y${ST}d${ESC}Xz${ST}e${ESC}]4;1;rgb:ff/00/00${BEL}f`,
    ),
  ).toBe('abcdef');
});

test('a sequence cut across chunks is filtered the same as whole; an endless one is dropped', () => {
  const hostile = fc.constantFrom(
    `${ESC}]52;c;Zm9v${BEL}`,
    `${ESC}]0;title${ST}`,
    `${ESC}]8;;file:///x${ST}`,
    `${ESC}]8;;https://a.b/c${ST}`,
    `${ESC}]8;;${ST}`,
    `${ESC}[31m`,
    `${ESC}P1$r${ST}`,
    '\x9d2;t\x9c',
    ESC,
    'plain text ',
    '\r\n',
  );
  fc.assert(
    fc.property(fc.array(hostile, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
      const text = parts.join('');
      const whole = new ConsoleEscapeFilter();
      const expected = whole.write(text);
      const chunked = new ConsoleEscapeFilter();
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      let out = '';
      let from = 0;
      for (const p of [...points, text.length]) {
        out += chunked.write(text.slice(from, p));
        from = p;
      }
      expect(out).toBe(expected);
      for (const banned of [`${ESC}]52;`, `${ESC}]0;`, `${ESC}]2;`, `${ESC}]8;;file:`, '\x9d'])
        expect(expected).not.toContain(banned);
    }),
  );
  const f = new ConsoleEscapeFilter();
  expect(f.write(`${ESC}]52;c;${'A'.repeat(70 * 1024)}`)).toBe('');
  expect(f.write(`${'A'.repeat(100)}${BEL}after`)).toBe('after');
});
