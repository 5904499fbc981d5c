/**
 * The agent's Install step (installer.rb, install_instruction.rb): removes what the previous
 * Install of the deployment group copied or created (files, then its folders when empty: files
 * the app or a hook wrote stay), copies per the appspec's `files` with each file's mode, and
 * applies `permissions` owner/group to what it copied or created strictly beneath the object
 * (never the object itself).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAppspec } from './read-appspec';
import { numericId } from './system';
import { CliError } from '../errors';

/** What Install did. */
export interface InstallResult {
  /** Files of the previous install removed. */
  readonly removed: number;
  readonly copied: number;
  /** Folders created. */
  readonly made: number;
  /** Entries the appspec's permissions give an owner (all beneath the object). */
  readonly owned: number;
  /** Whether the owners were set (root) or only listed. */
  readonly chowned: boolean;
}

export interface InstallOptions {
  /** The deployment's unpacked archive. */
  readonly archive: string;
  /** Prefix of every instance path (the appspec's destinations). */
  readonly instanceRoot: string;
  /** The group's `<group id>-cleanup` record: what the previous Install made, what this one makes. */
  readonly cleanupFile: string;
  /** Set the owners (as root), or only count them. */
  readonly chown: boolean;
}

export function install(options: InstallOptions): InstallResult {
  const { archive, cleanupFile } = options;
  const appspec = readAppspec(archive);
  const onInstance = (p: string) => path.join(options.instanceRoot, p);
  const removed = removePreviousInstall(cleanupFile);
  const copied: string[] = [];
  const made: string[] = [];
  const record: string[] = [];
  const copyFile = (from: string, to: string) => {
    if (fs.existsSync(to)) {
      if (appspec.fileExistsBehavior === 'DISALLOW') {
        throw new CliError(
          `The deployment failed because a specified file already exists at this location: ${to}`,
        );
      }
      if (appspec.fileExistsBehavior === 'RETAIN') return;
    }
    record.push(to);
    fs.copyFileSync(from, to);
    // `FileUtils.copy(..., preserve: true)`: the file's mode (chmod(2) ignores the type bits).
    fs.chmodSync(to, fs.statSync(from).mode);
    copied.push(to);
  };
  const mkdir = (dir: string) => {
    fs.mkdirSync(dir);
    record.push(dir);
    made.push(dir);
  };
  const copyDir = (from: string, to: string) => {
    if (!fs.existsSync(to)) mkdir(to);
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) copyDir(source, target);
      else copyFile(source, target);
    }
  };
  const missingAncestors = (dest: string) => {
    const missing: string[] = [];
    for (let dir = path.dirname(dest); !fs.existsSync(dir) && dir !== '/'; dir = path.dirname(dir)) {
      missing.unshift(dir);
    }
    missing.forEach(mkdir);
  };
  for (const f of appspec.files) {
    const source = path.join(archive, f.source);
    const destination = onInstance(f.destination);
    if (fs.statSync(source).isDirectory()) {
      missingAncestors(destination);
      copyDir(source, destination);
    } else {
      const target = path.join(destination, path.basename(source));
      missingAncestors(target);
      copyFile(source, target);
    }
  }
  fs.writeFileSync(cleanupFile, record.map((r) => `${r}\n`).join(''));
  const owned: { path: string; owner?: string; group?: string }[] = [];
  for (const p of appspec.permissions) {
    const base = `${onInstance(p.object).replace(/\/$/, '')}/`;
    for (const entry of [...copied, ...made].filter((e) => e.startsWith(base))) {
      owned.push({ path: entry, owner: p.owner, group: p.group });
    }
  }
  if (options.chown) {
    const ids = new Map<string, number>();
    const id = (kind: 'passwd' | 'group', name: string) => {
      if (!ids.has(`${kind}:${name}`)) ids.set(`${kind}:${name}`, numericId(kind, name));
      return ids.get(`${kind}:${name}`)!;
    };
    for (const o of owned) {
      fs.lchownSync(o.path, o.owner ? id('passwd', o.owner) : -1, o.group ? id('group', o.group) : -1);
    }
  }
  return { removed, copied: copied.length, made: made.length, owned: owned.length, chowned: options.chown };
}

/** Removes the files the previous Install listed (newest first), and its folders once empty. */
function removePreviousInstall(cleanupFile: string): number {
  if (!fs.existsSync(cleanupFile)) return 0;
  let removed = 0;
  const lines = fs.readFileSync(cleanupFile, 'utf8').split('\n').filter(Boolean);
  for (const entry of lines.reverse()) {
    const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (fs.readdirSync(entry).length === 0) fs.rmdirSync(entry);
    } else {
      fs.rmSync(entry);
      removed += 1;
    }
  }
  fs.rmSync(cleanupFile);
  return removed;
}
