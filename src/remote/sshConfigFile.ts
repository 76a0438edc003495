import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import SSHConfig, { LineType, type Line } from 'ssh-config';

// Reads ssh_config files the way ssh(1) does, including `Include`, which the ssh-config package parses
// but does not follow. The result is one SSHConfig whose compute() gives first-value-wins answers
// across the user's file and the system file.

const MAX_INCLUDE_DEPTH = 16;

export interface ConfigFile {
  path: string;
  /** Where relative Include paths point: ~/.ssh for the user's config, /etc/ssh for the system's. */
  includeBase: string;
}

/** The default files: the user's config first, then the system-wide one (ssh -F replaces both). */
export function defaultConfigFiles(home: string): ConfigFile[] {
  return [
    { path: join(home, '.ssh', 'config'), includeBase: join(home, '.ssh') },
    { path: '/etc/ssh/ssh_config', includeBase: '/etc/ssh' },
  ];
}

export async function loadSshConfig(files: readonly ConfigFile[], home: string): Promise<SSHConfig> {
  const config = SSHConfig.parse('');
  for (const file of files) {
    const text = await readIfExists(file.path);
    if (text !== undefined) config.push(...(await expandIncludes(SSHConfig.parse(text), file, home, 0)));
  }
  return config;
}

/**
 * The Host aliases a person can pick: every name in a `Host` line that is not a pattern or a negation,
 * in file order, without duplicates.
 */
export function configuredHosts(config: SSHConfig): string[] {
  const names = new Set<string>();
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue;
    const values = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
    for (const name of values) if (name && !/[*?!]/.test(name)) names.add(name);
  }
  return [...names];
}

async function expandIncludes(lines: Line[], file: ConfigFile, home: string, depth: number): Promise<Line[]> {
  const out: Line[] = [];
  for (const line of lines) {
    if (line.type !== LineType.DIRECTIVE) {
      out.push(line);
    } else if (/^include$/i.test(line.param)) {
      out.push(...(await readIncluded(line, file, home, depth)));
    } else if ('config' in line) {
      // An Include inside a Host/Match block: its plain directives belong to the block; a Host or Match
      // it contains starts a block of its own, placed right after this one.
      const inside = await expandIncludes([...line.config], file, home, depth);
      const hoisted = inside.filter(isSection);
      line.config.splice(0, line.config.length, ...inside.filter((l) => !hoisted.includes(l)));
      out.push(line, ...hoisted);
    } else {
      out.push(line);
    }
  }
  return out;
}

function isSection(line: Line): boolean {
  return line.type === LineType.DIRECTIVE && 'config' in line;
}

async function readIncluded(
  line: Extract<Line, { param: string }>,
  file: ConfigFile,
  home: string,
  depth: number,
): Promise<Line[]> {
  if (depth >= MAX_INCLUDE_DEPTH)
    throw new Error(`${file.path}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
  const patterns = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
  const out: Line[] = [];
  for (const pattern of patterns) {
    const expanded = pattern.startsWith('~/') ? join(home, pattern.slice(2)) : pattern;
    const absolute = isAbsolute(expanded) ? expanded : join(file.includeBase, expanded);
    for (const path of await expandGlob(absolute)) {
      const text = await readIfExists(path);
      if (text === undefined) continue;
      out.push(...(await expandIncludes(SSHConfig.parse(text), { ...file, path }, home, depth + 1)));
    }
  }
  return out;
}

/** Expands `*` and `?` in any path component, sorted like glob(3); no match gives no paths. */
async function expandGlob(path: string): Promise<string[]> {
  const parts = path.split('/');
  let paths = [parts[0] === '' ? '/' : (parts[0] ?? '')];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    if (!/[*?]/.test(part)) {
      paths = paths.map((p) => join(p, part));
      continue;
    }
    const re = new RegExp(
      `^${part
        .replace(/[\\^$.|+()[\]{}]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    const next: string[] = [];
    for (const dir of paths) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      next.push(
        ...names
          .filter((n) => !n.startsWith('.') && re.test(n))
          .sort()
          .map((n) => join(dir, n)),
      );
    }
    paths = next;
  }
  return paths;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw e;
  }
}
