import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError } from '../errors';

/** One script of a lifecycle event, as the appspec's `hooks` section gives it. */
export interface AppspecScript {
  readonly location: string;
  readonly timeout: number;
  readonly runas?: string;
}

/** The parts of an appspec.yml the agent acts on. */
export interface Appspec {
  readonly files: readonly { readonly source: string; readonly destination: string }[];
  readonly fileExistsBehavior: 'DISALLOW' | 'OVERWRITE' | 'RETAIN';
  readonly permissions: readonly {
    readonly object: string;
    readonly owner?: string;
    readonly group?: string;
  }[];
  readonly hooks: Readonly<Record<string, readonly AppspecScript[]>>;
}

/** Reads a revision's appspec.yml (only what the rehearsal models: files, permissions, hooks). */
export function readAppspec(archive: string): Appspec {
  const file = path.join(archive, 'appspec.yml');
  if (!fs.existsSync(file)) throw new CliError(`no appspec.yml in ${archive}`);
  const doc = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  const hooks: Record<string, AppspecScript[]> = {};
  for (const [event, scripts] of Object.entries(doc.hooks ?? {})) {
    hooks[event] = (scripts as any[]).map((s) => ({
      location: String(s.location),
      // script_info.rb: a script without a timeout gets 3600 s.
      timeout: Number(s.timeout ?? 3600),
      runas: s.runas === undefined ? undefined : String(s.runas),
    }));
  }
  return {
    files: (doc.files ?? []).map((f: any) => ({
      source: String(f.source),
      destination: String(f.destination),
    })),
    fileExistsBehavior: doc.file_exists_behavior ?? 'DISALLOW',
    permissions: (doc.permissions ?? []).map((p: any) => ({
      object: String(p.object),
      owner: p.owner === undefined ? undefined : String(p.owner),
      group: p.group === undefined ? undefined : String(p.group),
    })),
    hooks,
  };
}
