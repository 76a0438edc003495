import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as unknown;
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

/** Every string in the manifest with the path it sits at, e.g. `contributes.commands.3.title`. */
function strings(value: unknown, path: string[] = []): { path: string[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

const placeholder = /^%(.+)%$/;
const all = strings(manifest);

// Fields VS Code shows to people; their English lives in package.nls.json so a package.nls.<lang>.json
// can replace it.
const shown = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'name',
  'contextualTitle',
  'contents',
  'altText',
  'category',
  'patternErrorMessage',
  'deprecationMessage',
  'markdownDeprecationMessage',
]);

describe('manifest strings (package.nls.json)', () => {
  it('every %key% in package.json has its English in package.nls.json', () => {
    const missing = all
      .map((s) => placeholder.exec(s.text)?.[1])
      .filter((k): k is string => k !== undefined && !(k in nls));
    expect(missing).toEqual([]);
  });

  it('package.nls.json holds no key that package.json does not use', () => {
    const used = new Set(all.map((s) => placeholder.exec(s.text)?.[1]));
    expect(Object.keys(nls).filter((k) => !used.has(k))).toEqual([]);
  });

  it('no text shown to people is written in package.json itself', () => {
    const literal = all.filter(({ path, text }) => {
      const field = path.at(-1) ?? '';
      const inEnumDescriptions = path.at(-2) === 'enumDescriptions';
      // The top-level `name` is the extension's id, not a label.
      const visible = (shown.has(field) && path.join('.') !== 'name') || inEnumDescriptions;
      return visible && !placeholder.test(text);
    });
    expect(literal.map((s) => s.path.join('.'))).toEqual([]);
  });
});
