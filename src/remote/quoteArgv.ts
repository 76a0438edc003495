// Every command that reaches a remote shell goes through this one function (docs/reliability.md, "Hostile strings in run and server specs"):
// the remote side runs `$SHELL -c <string>`, so argv has to be turned back into one string that the
// shell splits into exactly the original words.

// Words made only of these characters mean the same quoted or not in sh, bash, dash and zsh, so they
// stay bare and commands remain readable in logs. `=` is missing on purpose: `A=b cmd` would be an
// assignment, and zsh expands a leading `=word`. `~` is missing because of tilde expansion.
const BARE = /^[A-Za-z0-9_\-+.,/:@]+$/;

/** Turns argv into a POSIX shell command line: each word single-quoted unless it is plainly safe. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

/**
 * quoteArgv with a line continuation before each `--flag`: slime's commands run to a hundred flags,
 * and one line of 2,000 characters is not something a person reviews. The shell reads the same words.
 */
export function quoteArgvByFlag(argv: readonly string[], indent = '  '): string {
  const lines: string[][] = [[]];
  for (const word of argv) {
    const line = lines[lines.length - 1] as string[];
    if (word.startsWith('--') && line.length > 0) lines.push([quoteWord(word)]);
    else line.push(quoteWord(word));
  }
  return lines.map((words) => words.join(' ')).join(` \\\n${indent}`);
}

function quoteWord(word: string): string {
  // A C string ends at NUL, so such a word would silently arrive truncated on the other side.
  if (word.includes('\0')) throw new Error('A command argument cannot contain a NUL byte');
  if (BARE.test(word)) return word;
  // Inside single quotes nothing is special except the closing quote, which is written as '\''.
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
