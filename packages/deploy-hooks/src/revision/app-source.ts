import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * How the bundler reads an app's source folder: which kind of app it is, where its workspace
 * root is, and what its start script runs. `bundle` and `check-repo` both use these, so the
 * contract the build checks first is the one the bundler applies later.
 */

/** The files whose presence makes an app folder a Next.js app. */
export const NEXT_CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.ts'] as const;

/** The app's Next.js config file (relative to the app folder), or undefined for a Node.js server. */
export function nextConfigFile(source: string): string | undefined {
  return NEXT_CONFIG_FILES.find((f) => fs.existsSync(path.join(source, f)));
}

export function isNext(source: string): boolean {
  return nextConfigFile(source) !== undefined;
}

/**
 * Whether a Next.js config sets `output: 'standalone'`, the setting that makes `next build`
 * write the `.next/standalone` folder and its `server.js`, which a revision ships
 * (https://nextjs.org/docs/app/api-reference/config/next-config-js/output). Read as text: the
 * value must be written literally in the config file.
 */
export function setsStandaloneOutput(configText: string): boolean {
  return /\boutput\s*:\s*(['"`])standalone\1/.test(configText);
}

/** What to write when a Next.js config does not set `output: 'standalone'`. */
export const STANDALONE_ADVICE =
  "does not set output: 'standalone': add it to the config object; `next build` writes " +
  '.next/standalone/**/server.js, the server the instances run, only with it';

/** The scripts the bundler reads the start command from, first found first. */
export const START_SCRIPTS = ['start:prod', 'start'] as const;

/** What an app's start script runs. */
export interface StartScript {
  /** The package.json script read (`start:prod`, else `start`), undefined when there is neither. */
  readonly name?: (typeof START_SCRIPTS)[number];
  /** The entry file `node <entry>` runs, relative to the app folder, with its extension (`.js` added when absent); undefined when the script runs no `node <entry>`. */
  readonly script?: string;
}

/**
 * The entry PM2 runs: the file of `node <entry>` in `start:prod` (else `start`). PM2 runs that
 * file directly, so that its SIGINT reaches Node without a pnpm or shell in between; Node
 * options before the entry (`node --flag <entry>`) would be lost that way, so such a script has
 * no entry.
 */
export function startScriptOf(pkg: { readonly scripts?: unknown }): StartScript {
  const scripts = (pkg.scripts ?? {}) as Record<string, string>;
  const name = START_SCRIPTS.find((s) => typeof scripts[s] === 'string');
  const entry = name ? /\bnode\s+([^\s;&|-][^\s;&|]*)/.exec(scripts[name])?.[1] : undefined;
  if (!entry) return { name };
  const script = /\.[cm]?js$/.test(entry) ? entry : `${entry}.js`;
  return { name, script };
}

/** What to write when an app has no `node <entry>` start script. */
export function startScriptAdvice(found: StartScript): string {
  const what = found.name
    ? `its "${found.name}" script does not run \`node <entry>\``
    : 'it has no "start:prod" or "start" script';
  return (
    `${what}: add "start:prod": "node dist/main.js" (the built entry file); ` +
    'the instances run that file with node under PM2'
  );
}

/** The nearest folder above `source` (or itself) holding pnpm-workspace.yaml; `source` when none. */
export function findWorkspaceRoot(source: string): string {
  for (let dir = source; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return source;
  }
}
