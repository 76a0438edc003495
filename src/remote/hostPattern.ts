// OpenSSH host patterns, as in known_hosts host fields: `*` and `?` wildcards, `!` negation, matched
// case-insensitively (OpenSSH lowercases host names before matching).

/** True when text matches at least one pattern and no negated one. */
export function matchHostPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchPattern(pattern.slice(1), text)) return false;
    } else if (matchPattern(pattern, text)) {
      matched = true;
    }
  }
  return matched;
}

function matchPattern(pattern: string, text: string): boolean {
  const source = [...pattern.toLowerCase()]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(text.toLowerCase());
}
