import { Command, Option } from 'commander';
import { check } from './commands/check';
import { CommandContext, CommonOptions, PromptContext } from './commands/context';
import { create } from './commands/create';
import { dryRun } from './commands/dry-run';
import { pull, PullOptions } from './commands/pull';
import { OUTPUT_FORMATS } from './env-file/format';
import { CliError, reportCliFailure } from './errors';
import { SsmStore, SsmStoreOptions } from './store/ssm-store';
import { Store } from './store/store';

export { CliError } from './errors';

/** What a mode needs once the command line is parsed. */
export type Runner = (
  mode: 'dry-run' | 'create' | 'pull' | 'check',
  options: Record<string, any>,
) => Promise<void>;

/** Builds the `param-tool` command line. The modes keep the contract of ComptaStar's earlier `setup-parameters.py`. */
export function buildProgram(run: Runner = async () => {}): Command {
  const program = new Command('param-tool')
    .description(
      [
        'Creates SSM parameters /{environment}/{app}/{NAME} from .env.example files, and writes .env files from them.',
        '',
        'Modes (as in the earlier setup-parameters.py):',
        '  param-tool              dry run: show what would be created, write nothing',
        '  param-tool -c           interactive creation with type-aware prompts',
        '  param-tool -cf          direct creation from the .env.example values',
        '  param-tool pull         write the parameters of an app to a .env file',
        '  param-tool check        check every .env.example name exists in SSM (names only, no values read)',
      ].join('\n'),
    )
    .option('-c, --create', 'create parameters, asking for each value')
    .option('-f, --from-file', 'with -c: take the .env.example values without asking');
  addSourceOptions(program)
    .option(
      '--overwrite',
      'replace existing parameters whose value differs (shows old → new, asks unless --yes)',
    )
    .option('-y, --yes', 'do not ask for confirmation')
    // Options after `pull` belong to pull (both have --env and --app).
    .enablePositionalOptions()
    .action(async (options) => {
      if (options.fromFile && !options.create) throw new CliError('-f works with -c: use -cf');
      await run(options.create ? 'create' : 'dry-run', options);
    });
  addAwsOptions(program);
  program.option(
    '--write-interval <ms>',
    'least milliseconds between two writes (SSM throttles PutParameter)',
    (v) => parseInt(v, 10),
    300,
  );

  const pullCommand = program
    .command('pull')
    .description('write every parameter under /{environment}/{app}/ as a .env (or JSON, or shell) file')
    .option('-e, --env <environment>', 'environment (default: $PARAM_TOOL_ENV or dev)')
    .option(
      '-a, --app <app>',
      'app name (default: the only apps/<app>/.env.example, or the app folder you are in)',
    )
    .option('-o, --out <file>', 'write to this file (atomically, mode 0600) instead of stdout')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('dotenv'))
    .action(async (options) => run('pull', { ...options, app: options.app ? [options.app] : undefined }));
  addAwsOptions(pullCommand);

  const checkCommand = program.command('check');
  addSourceOptions(checkCommand)
    .description(
      'check that every name of each .env.example exists under /{environment}/{app}/ (DescribeParameters: names only, no value is read)',
    )
    .action(async (options) => run('check', options));
  addAwsOptions(checkCommand);
  return program;
}

/** --env, --app and --file: which .env.example files to read, and where their parameters live. */
function addSourceOptions(command: Command): Command {
  return command
    .option('-e, --env <environment>', 'environment (default: $PARAM_TOOL_ENV or dev)')
    .option(
      '-a, --app <app...>',
      'app name(s) (default: every apps/<app>/.env.example, or the app folder you are in)',
    )
    .option(
      '--file <path>',
      'the .env.example to read (default: apps/<app>/.env.example, then ./.env.example)',
    );
}

function addAwsOptions(command: Command): void {
  command
    .option('--region <region>', 'AWS Region (default: AWS_REGION or the profile)')
    .option('--profile <profile>', 'named AWS profile (default: the SDK credential chain)')
    .option('--endpoint-url <url>', 'SSM endpoint, e.g. a local moto server (default: AWS_ENDPOINT_URL)')
    .option('--json', 'machine-readable output');
}

/** What `runCli` takes from the outside world; tests replace all of it. */
export interface CliDeps {
  readonly createStore?: (options: SsmStoreOptions) => Store;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly prompt?: PromptContext;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Parses `argv` (node, script, args...), runs the mode, and returns the exit code. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const env = deps.env ?? process.env;
  const stores: Store[] = [];

  const program = buildProgram(async (mode, options) => {
    const storeOptions: SsmStoreOptions = {
      region: options.region,
      profile: options.profile,
      endpointUrl: options.endpointUrl ?? env.AWS_ENDPOINT_URL,
      writeIntervalMs: options.writeInterval,
      maxAttempts: env.AWS_MAX_ATTEMPTS ? Number(env.AWS_MAX_ATTEMPTS) : undefined,
    };
    const store = (deps.createStore ?? ((o) => new SsmStore(o)))(storeOptions);
    stores.push(store);
    const ctx: CommandContext = {
      store,
      out: stdout,
      log: stderr,
      prompt: deps.prompt ?? {},
      canPrompt: deps.prompt?.input !== undefined || process.stdin.isTTY === true,
      cwd: deps.cwd ?? process.cwd(),
      env,
    };
    if (mode === 'pull') return pull(ctx, options as PullOptions);
    if (mode === 'check') return check(ctx, options as CommonOptions);
    if (mode === 'create') {
      return create(ctx, { ...(options as CommonOptions), interactive: !options.fromFile });
    }
    return dryRun(ctx, options as CommonOptions);
  });
  program.exitOverride();
  program.commands.forEach((c) => c.exitOverride());
  program.configureOutput({ writeOut: stdout, writeErr: stderr });
  program.commands.forEach((c) => c.configureOutput({ writeOut: stdout, writeErr: stderr }));

  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportCliFailure(error, {
      name: 'param-tool',
      stderr,
      service: 'SSM',
      cancelled: 'nothing written after the last "created" line',
    });
  } finally {
    for (const store of stores) (store as Partial<SsmStore>).destroy?.call(store);
  }
}

/** The `param-tool` executable. */
export function main(argv: string[]): void {
  runCli(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
