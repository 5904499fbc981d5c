import { Command } from 'commander';

/** Builds the `param-tool` command line. The modes keep the seed's `setup-parameters.py` contract. */
export function buildProgram(): Command {
  return new Command('param-tool')
    .description(
      [
        'Creates SSM parameters /{environment}/{app}/{NAME} from .env.example files, and writes .env files from them.',
        '',
        'Modes (the seed setup-parameters.py contract):',
        '  param-tool              dry run: show what would be created, write nothing',
        '  param-tool -c           interactive creation with type-aware prompts',
        '  param-tool -cf          direct creation from the .env.example values',
        '  param-tool pull         write the parameters of an app to a .env file',
      ].join('\n'),
    )
    .option('-c, --create', 'create parameters, asking for each value')
    .option('-f, --from-file', 'with -c: take the .env.example values without asking')
    .option('-e, --env <environment>', 'environment (default: $PARAM_TOOL_ENV or dev)')
    .option('-a, --app <app...>', 'app name(s) (default: every apps/<app>/.env.example)');
}

export function main(argv: string[]): void {
  buildProgram().parse(argv);
}
