import { Command } from 'commander';
import { loadEnvironments, LoadedEnvironment } from '../load-environments';
import { ClientOptions, Clients, createClients } from './clients';
import { CliError, reportCliFailure } from './errors';
import { pause, resume } from './pause';
import { executeRollback, planRollback } from './rollback';
import { collectStatus, renderStatus } from './status';
import { resolveApps, resolveEnvironment } from './targets';
import { collectWhy, renderWhy } from './why';

/** What the commands need from outside: tests replace each. */
export interface OpsDeps {
  /** The environment files. @default loadEnvironments() (src/environments/, as the stacks) */
  readonly environments?: () => LoadedEnvironment[];
  /** AWS clients for the options given. @default createClients */
  readonly clients?: (options: ClientOptions) => Clients;
  /** Asks a yes/no question. @default @inquirer/prompts' confirm, only on a terminal */
  readonly confirm?: (message: string) => Promise<boolean>;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  readonly now?: () => Date;
}

interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly json?: boolean;
}

/** Builds the `comptastar` command line. */
export function buildProgram(deps: OpsDeps = {}): Command {
  const out = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const environments = deps.environments ?? (() => loadEnvironments());
  const now = () => (deps.now ?? (() => new Date()))();

  const program = new Command('comptastar')
    .description(
      'Day-2 operations on a deployed ComptaStar environment: what runs where, why a deployment failed, ' +
        'roll back, pause deployments. Environments and names come from packages/app/src/environments/. ' +
        'Credentials, profile, Region and endpoints are read as the AWS CLI reads them (AWS_PROFILE, ' +
        'AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, SSO, instance roles).',
    )
    .option('--profile <profile>', 'named AWS profile (default: AWS_PROFILE, then the default chain)')
    .option('--region <region>', "AWS Region (default: the environment file's region, then AWS_REGION)")
    .option('--json', 'print JSON for scripts instead of text')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride();

  const context = (command: Command, envName: string) => {
    const options = command.optsWithGlobals() as GlobalOptions;
    let loaded: LoadedEnvironment[];
    try {
      loaded = environments();
    } catch (e) {
      throw new CliError(`cannot load the environment files: ${(e as Error).message}`);
    }
    const env = resolveEnvironment(loaded, envName);
    const clients = (deps.clients ?? createClients)({
      profile: options.profile,
      region: options.region ?? env.region,
    });
    const print = (value: unknown, text: string) =>
      out(`${options.json ? JSON.stringify(value, null, 2) : text}\n`);
    return { options, env, clients, print };
  };

  program
    .command('status')
    .description(
      'per app: live Auto Scaling group, instances and target health, capacity, last deployments, alarms in ALARM; the pipeline per stage',
    )
    .argument('<env>', 'environment, e.g. dev')
    .argument('[app]', 'one app (default: every app of the environment)')
    .action(async (envName: string, appName: string | undefined, _o, command: Command) => {
      const { env, clients, print } = context(command, envName);
      const apps = resolveApps(env, appName);
      const status = await collectStatus(clients, env, apps, now());
      print(status, renderStatus(status));
    });

  program
    .command('why')
    .description(
      'why a deployment failed: the failed lifecycle event, script, exit code and log tail, the instance, the next step',
    )
    .argument('<env>', 'environment, e.g. dev')
    .argument('<app>', 'app, e.g. api')
    .argument('[deployment-id]', 'deployment (default: the newest failed or stopped one)')
    .action(
      async (envName: string, appName: string, deploymentId: string | undefined, _o, command: Command) => {
        const { env, clients, print } = context(command, envName);
        const [app] = resolveApps(env, appName);
        const report = await collectWhy(clients, app, deploymentId, now());
        print(report, renderWhy(report));
      },
    );

  program
    .command('rollback')
    .description(
      'during a deployment (the blue wait included): stop it with rollback, traffic back on the original instances in seconds; ' +
        'afterwards: deploy again the revision of the last successful deployment before the live one',
    )
    .argument('<env>', 'environment, e.g. dev')
    .argument('<app>', 'app, e.g. api')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (envName: string, appName: string, options: { yes?: boolean }, command: Command) => {
      const { options: globals, env, clients, print } = context(command, envName);
      const [app] = resolveApps(env, appName);
      if (!options.yes && globals.json) {
        throw new CliError('--json needs --yes for rollback (there is no one to ask)');
      }
      const plan = await planRollback(clients, app, now());
      if (!options.yes) {
        (deps.stderr ?? ((t: string) => process.stderr.write(t)))(`${plan.summary}\n`);
        const confirm = deps.confirm ?? terminalConfirm;
        if (!(await confirm(`Roll back ${env.environment} ${app.app}?`))) {
          throw new CliError('rollback cancelled: nothing was changed');
        }
      }
      const result = await executeRollback(clients, app, plan);
      print({ plan, result }, options.yes ? `${plan.summary}\n${result.message}` : result.message);
    });

  program
    .command('pause')
    .description(
      'stop deployments: disable the transition into the Deploy stage (builds still run; a running deployment goes on)',
    )
    .argument('<env>', 'environment, e.g. dev')
    .option(
      '--reason <text>',
      'shown in the pipeline (letters, digits, space and ! @ ( ) . * ? -)',
      'Paused with comptastar',
    )
    .action(async (envName: string, options: { reason: string }, command: Command) => {
      const { env, clients, print } = context(command, envName);
      const result = await pause(clients, env, options.reason);
      print(result, result.message);
    });

  program
    .command('resume')
    .description('deploy again: enable the transition into the Deploy stage')
    .argument('<env>', 'environment, e.g. dev')
    .action(async (envName: string, _o, command: Command) => {
      const { env, clients, print } = context(command, envName);
      const result = await resume(clients, env);
      print(result, result.message);
    });

  return program;
}

/** @inquirer/prompts' confirm on a terminal; refuses when nobody can answer. */
async function terminalConfirm(message: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new CliError('not a terminal, so nobody can confirm: pass --yes to roll back without asking');
  }
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false });
}

/** Runs the command line; returns the exit code. Expected failures print one line, no stack trace. */
export async function run(argv: string[], deps: OpsDeps = {}): Promise<number> {
  const err = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const program = buildProgram(deps);
  program.configureOutput({
    writeOut: deps.stdout ?? ((t) => process.stdout.write(t)),
    writeErr: err,
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    return reportCliFailure(e, { name: 'comptastar', stderr: err, cancelled: 'nothing was changed' });
  }
}

/** The `comptastar` bin. */
export function main(argv: string[]): void {
  run(argv).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
