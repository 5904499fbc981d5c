/**
 * A folder made once per content version and shared by every test file, jest worker and bench run
 * on the machine: the caller names it by a hash of everything it is made from (so a stale copy
 * can never be found under that name), and a lock folder keeps two processes from making it at
 * the same time. The example build and deploy-hooks' shared revisions use it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A lock older than this is left over by a killed process, not held by a live one. */
const STALE_LOCK_MS = 10 * 60_000;

export interface CachedFolderOptions {
  /**
   * The file whose existence says the folder is complete; written last, after `make` returned.
   * @default - `<dir>.ready`, beside the folder (nothing is added inside it)
   */
  readonly readyMark?: string;
}

/**
 * Returns `dir` once it is complete: at once when a previous call (of this or another process)
 * made it, else after `make(dir)` has made it, under the lock `<dir>.lock` (mkdir is atomic).
 * Whatever a crashed attempt left in `dir` is removed before `make` runs. `made` is true when
 * this call made it.
 */
export async function cachedFolder(
  dir: string,
  make: (dir: string) => Promise<void>,
  options: CachedFolderOptions = {},
): Promise<{ dir: string; made: boolean }> {
  const ready = options.readyMark ?? `${dir}.ready`;
  const lock = `${dir}.lock`;
  for (;;) {
    if (fs.existsSync(ready)) return { dir, made: false };
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another process makes it; a lock older than STALE_LOCK_MS is stale.
      const stat = fs.statSync(lock, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (fs.existsSync(ready)) return { dir, made: false };
    fs.rmSync(dir, { recursive: true, force: true });
    await make(dir);
    fs.writeFileSync(ready, new Date().toISOString());
    return { dir, made: true };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A hash of a folder's files (paths relative to it and contents), like a git tree hash: what a
 * cached folder's name is made of. `include` filters the entries (a folder left out is not walked).
 */
export function folderHash(dir: string, include: (file: string) => boolean = () => true): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (!include(full)) continue;
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        hash.update(path.relative(dir, full)).update('\0').update(fs.readFileSync(full)).update('\0');
      }
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}
