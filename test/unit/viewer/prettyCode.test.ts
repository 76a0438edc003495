import { describe, expect, it } from 'vitest';
import { prettyJson } from '../../../webview/viewer/prettyCode';

describe('pretty JSON', () => {
  it('formats a JSON text, or the JSON after a header line, and leaves other text alone', () => {
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('Tool result for f(x=\'1\'):\n{"ok":true}')).toBe(
      'Tool result for f(x=\'1\'):\n{\n  "ok": true\n}',
    );
    expect(prettyJson('{not json}')).toBeNull();
    expect(prettyJson('plain words')).toBeNull();
  });
});
