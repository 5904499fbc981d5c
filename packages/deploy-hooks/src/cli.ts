import { Command } from 'commander';

/** Builds the `deploy-hooks` command line. */
export function buildProgram(): Command {
  const program = new Command('deploy-hooks').description(
    'Builds CodeDeploy revisions of the ComptaStar apps and rehearses them locally.',
  );
  return program;
}

export function main(argv: string[]): void {
  buildProgram().parse(argv);
}
