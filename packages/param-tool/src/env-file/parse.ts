import * as dotenv from 'dotenv';

/** One `KEY=value` entry of a .env file. */
export interface EnvEntry {
  readonly key: string;
  /** The value as the `dotenv` library reads it (quotes removed, `\n` expanded in double quotes). */
  readonly value: string;
  /** 1-based line of the key. */
  readonly line: number;
}

/** A line the parser could not read, or a key defined twice. */
export interface ParseProblem {
  readonly line: number;
  readonly key?: string;
  readonly message: string;
}

export interface ParsedEnvFile {
  /** Every entry, in file order (duplicates included, so both lines can be reported). */
  readonly entries: EnvEntry[];
  readonly problems: ParseProblem[];
}

// The line pattern of dotenv 17 (lib/main.js `LINE`): used only to find where each entry starts
// and ends; the value of each entry is read by `dotenv.parse` itself.
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/**
 * Parses a .env file the way `dotenv` does (comments, `export ` prefix, quotes, multiline values)
 * and also reports what dotenv silently drops: lines it cannot read and keys defined twice.
 */
export function parseEnvFile(source: string): ParsedEnvFile {
  const text = source.replace(/\r\n?/g, '\n');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') lineStarts.push(i + 1);
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const entries: EnvEntry[] = [];
  const problems: ParseProblem[] = [];
  const covered = new Set<number>();
  const firstLine = new Map<string, number>();

  for (const match of text.matchAll(DOTENV_LINE)) {
    const raw = match[0];
    if (raw.trim() === '') continue;
    const start = match.index! + (raw.length - raw.trimStart().length);
    const end = match.index! + raw.trimEnd().length;
    const line = lineOf(start);
    for (let l = line; l <= lineOf(end); l++) covered.add(l);

    const key = match[1];
    const value = dotenv.parse(raw.trim())[key] ?? '';
    const previous = firstLine.get(key);
    if (previous !== undefined) {
      problems.push({ line, key, message: `${key} is defined twice: line ${previous} and line ${line}` });
    } else {
      firstLine.set(key, line);
    }
    entries.push({ key, value, line });
  }

  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#') || covered.has(line)) return;
    problems.push({
      line,
      message: `line ${line} is not a KEY=value line: ${JSON.stringify(truncate(trimmed, 40))}`,
    });
  });
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
