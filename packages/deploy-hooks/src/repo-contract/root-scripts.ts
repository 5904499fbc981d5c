/**
 * Which root package.json scripts a build command runs. pnpm runs a script for `pnpm run <name>`
 * (alias `run-script`) and for `pnpm test` / `pnpm start`; `pnpm <name>`, when `<name>` is not a
 * pnpm command, runs the script `<name>`, else a program `<name>` of node_modules/.bin
 * (https://pnpm.io/cli/run, "pnpm <cmd>" in https://pnpm.io/pnpm-cli).
 */

/** The commands of pnpm 10 and their aliases (`commandNames` of each pnpm 10.33 command). */
const PNPM_COMMANDS = new Set(
  (
    'add approve-builds audit bin cache cat-file cat-index ci clean-install ic install-clean completion ' +
    'config c create dedupe deploy dlx doctor env exec fetch find-hash get help ignored-builds import ' +
    'init install i install-test it licenses link ln list ls ll la outdated pack patch patch-commit ' +
    'patch-remove prune publish rebuild rb recursive multi m remove uninstall rm un uni restart root ' +
    'run run-script self-update server set setup store unlink dislink update up upgrade why'
  ).split(' '),
);

/** pnpm's shorthands for a script: `pnpm test` (also `t`, `tst`) and `pnpm start`. */
const SCRIPT_SHORTHANDS: ReadonlyMap<string, string> = new Map([
  ['test', 'test'],
  ['t', 'test'],
  ['tst', 'test'],
  ['start', 'start'],
]);

/** Options that keep `pnpm run` at the workspace root. Any other option (`-r`, `--filter`, `--if-present`...) is not checked. */
const ROOT_OPTIONS = new Set(['-w', '--workspace-root']);

/** A root script a command needs. */
export interface RootScript {
  /** The script's name in the root package.json. */
  readonly name: string;
  /** Whether pnpm would run a program of that name when the script is missing (`pnpm <name>`). */
  readonly orProgram: boolean;
}

/**
 * The root scripts a build command runs: one per `pnpm` invocation of the command (split on
 * `&&`, `||` and `;`) that names a script of the root package.json. Anything else (other
 * programs, recursive or filtered runs, pnpm commands) needs no root script.
 */
export function rootScriptsOf(command: string): RootScript[] {
  return command
    .split(/&&|\|\||;/)
    .map((part) => part.trim().split(/\s+/))
    .flatMap((words): RootScript[] => {
      if (words[0] !== 'pnpm') return [];
      const args = words.slice(1).filter((w) => !ROOT_OPTIONS.has(w));
      const [first, second] = args;
      if (first === undefined || first.startsWith('-')) return [];
      if (first === 'run' || first === 'run-script') {
        return second === undefined || second.startsWith('-') ? [] : [{ name: second, orProgram: false }];
      }
      const shorthand = SCRIPT_SHORTHANDS.get(first);
      if (shorthand) return [{ name: shorthand, orProgram: false }];
      return PNPM_COMMANDS.has(first) ? [] : [{ name: first, orProgram: true }];
    });
}
