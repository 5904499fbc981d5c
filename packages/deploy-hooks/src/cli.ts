import { Command, Option } from 'commander';
import { CliError } from './errors';
import { buildKit } from './kit';
import { rehearse } from './rehearse/rehearse';
import { checkRepo, parseRepoApp, RepoApp } from './repo-contract/check-repo';
import { bundle } from './revision/bundle';
import { BUNDLE_LAYOUT_KEYS, parseLayout } from './revision/identity';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Builds the `deploy-hooks` command line. */
export function buildProgram(): Command {
  const program = new Command('deploy-hooks').description(
    'Builds CodeDeploy revisions of Node.js apps and rehearses them locally.',
  );
  program
    .command('check-repo')
    .description(
      "list everything the application repository lacks for the pipeline's build (run before any install)",
    )
    .option('--root <dir>', 'the repository root', '.')
    .option(
      '--app <name=folder>',
      'an app the pipeline builds and its folder, e.g. api=apps/api (repeatable)',
      (value: string, previous: RepoApp[]) => [...previous, parseRepoApp(value)],
      [],
    )
    .option('--lint <command>', "the build's lint command, e.g. 'pnpm run lint' (left out: no lint step)")
    .option('--test <command>', "the build's test command (left out: no test step)")
    .option('--build <command>', "the build's build command (left out: no build step)")
    .action((o) =>
      checkRepo({
        root: o.root,
        apps: o.app,
        commands: { lint: o.lint, test: o.test, build: o.build },
        log: (l) => console.log(l),
      }),
    );
  program
    .command('bundle')
    .description('build a revision folder (zip it for CodeDeploy) from a built app')
    .requiredOption('--app <name>', 'app name: the PM2 process, APP_NAME of the instances')
    .requiredOption('--source <dir>', 'the built app folder, e.g. apps/api')
    .requiredOption('--out <dir>', 'the revision folder to write (replaced)')
    .requiredOption(
      '--layout <json>',
      `the instances' layout for this app, a JSON object of ${BUNDLE_LAYOUT_KEYS.join(', ')} ` +
        "(BlueGreenPipeline's buildspec passes it)",
      parseLayout,
    )
    .option('--param-tool <dir>', "param-tool bundle folder (default: the kit's param-tool/)")
    .option(
      '--no-esbuild',
      "ship a Node.js server's `pnpm deploy --prod` output as it is instead of bundling it into one file",
    )
    .option(
      '--external <package>',
      'leave this package out of the esbuild bundle and keep node_modules (repeatable)',
      collect,
      [],
    )
    .action(async (o) => {
      await bundle({
        app: o.app,
        source: o.source,
        out: o.out,
        layout: o.layout,
        paramToolDir: o.paramTool,
        esbuild: o.esbuild,
        external: o.external,
        log: (l) => console.log(l),
      });
    });
  program
    .command('rehearse')
    .description("run a revision's hooks in CodeDeploy's order on loopback (moto SSM, real PM2)")
    .argument('<revision>', 'the revision folder')
    .requiredOption(
      '--health-path <path>',
      "the service's health check path (HEALTH_CHECK_PATH of the identity)",
    )
    .option('--root <dir>', 'instance root (reuse it to rehearse a second deployment)')
    .option(
      '--keep-running',
      'leave the app running under PM2 (stop it with PM2_HOME=<root><APP_HOME>/.pm2 pm2 kill)',
    )
    .option('--omit <key>', 'do not seed this .env.example key (repeatable)', collect, [])
    .addOption(
      new Option('--set <key=value>', 'seed this value instead (repeatable)').argParser(collect).default([]),
    )
    .option('--validate-timeout <seconds>', 'health wait of validate_service.sh', (v) => parseInt(v, 10), 60)
    .option(
      '--new-deployment-group',
      'deploy through a new deployment group: no record of a previous install, so no ApplicationStop',
    )
    .option(
      '--as-root',
      "as root: create the layout's app user if missing, switch to it (su, runuser, chown) and run pm2 startup " +
        'with its unit under the instance root (a private mount); removed again at the end unless --keep-running',
    )
    .action(async (revision: string, o) => {
      const set = Object.fromEntries(
        (o.set as string[]).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      const r = await rehearse({
        revision,
        healthCheckPath: o.healthPath,
        root: o.root,
        keepRunning: o.keepRunning,
        omit: o.omit,
        set,
        validateTimeoutSeconds: o.validateTimeout,
        newDeploymentGroup: o.newDeploymentGroup,
        asRoot: o.asRoot,
        log: (l) => console.log(l),
      });
      if (r.failedEvent) throw new CliError(`rehearsal failed at ${r.failedEvent}`);
      if (r.healthStatus !== 200) throw new CliError(`health answered ${r.healthStatus ?? 'nothing'}`);
    });
  program
    .command('kit')
    .description('write the kit CodeBuild uses (single-file CLI, hooks, templates, param-tool)')
    .requiredOption('--out <dir>', 'kit folder, e.g. dist/kit')
    .action((o) => buildKit(o.out, (l) => console.log(l)));
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`deploy-hooks: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
