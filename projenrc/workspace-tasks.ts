import { javascript } from 'projen';

/** The workspace packages, by their role in the build. */
export interface WorkspacePackages {
  readonly testSupport: javascript.NodeProject;
  readonly paramTool: javascript.NodeProject;
  readonly deployHooks: javascript.NodeProject;
  readonly constructs: javascript.NodeProject;
  readonly app: javascript.NodeProject;
}

/**
 * The root tasks, so that `npx projen build` (what CI runs) keeps both cores busy:
 * - `compile`: test-support first (the others' tests and deploy-hooks' rehearsal import it), then
 *   the libraries in dependency order (param-tool, deploy-hooks, constructs) while the example
 *   application builds once, for every test that runs it;
 * - `test`: every package's jest tests at once (they share no port, file or folder: free ports,
 *   temporary folders, one PM2 home per rehearsal), beside one type check and eslint run over
 *   every package (`lint`, projenrc/workspace-lint.ts); the app's lane first type-checks and
 *   synthesizes the app beside packing the library (its tests install the tarball); param-tool and
 *   deploy-hooks are packed after their tests.
 */
export function addWorkspaceTasks(root: javascript.NodeProject, pkgs: WorkspacePackages): void {
  const all = [pkgs.testSupport, pkgs.paramTool, pkgs.deployHooks, pkgs.constructs, pkgs.app];
  for (const p of all) {
    p.addTask('compile:full', {
      description: 'pre-compile, compile and post-compile (a build without tests and packaging)',
      steps: [{ spawn: 'pre-compile' }, { spawn: 'compile' }, { spawn: 'post-compile' }],
    });
  }
  const run = (p: javascript.NodeProject, script: string) =>
    `pnpm --filter ${p.package.packageName} run ${script}`;
  // jest uses cores - 1 workers by default, one on two cores: the long packages get two, so that
  // their longest test file does not hold the others back. No coverage report here (nothing reads
  // it; its source-mapped conversion costs about a tenth of the tests' CPU): a package's own
  // `npx projen test` still writes one.
  const test = (p: javascript.NodeProject) =>
    run(p, `test:jest --coverage=false${p === pkgs.paramTool || p === pkgs.testSupport ? '' : ' --maxWorkers=2'}`);

  root.compileTask.reset(run(pkgs.testSupport, 'compile:full'));
  root.compileTask.exec(
    together({
      libraries: `pnpm -r --workspace-concurrency=1 ${filters(pkgs.paramTool, pkgs.deployHooks, pkgs.constructs)} run compile:full`,
      example: run(pkgs.testSupport, 'example'),
    }),
  );
  root.postCompileTask.reset();
  // The app's, the library's and the lint's work is CPU-bound (synths, type checks): at a lower
  // priority it fills the cores around deploy-hooks' rehearsals, whose servers, health checks and
  // time limits need the CPU when they wake up. The app's type check, synth and the library's
  // tarball come first at normal priority: the app's tests wait for them.
  const background = (command: string) => `nice -n 10 ${command}`;
  const appLane = root.addTask('test:app', {
    description:
      "The app's type check and synth beside the library's npm tarball (which the app's tests install), then the app's tests",
    steps: [
      { exec: together({ app: run(pkgs.app, 'compile:full'), pack: run(pkgs.constructs, 'package') }) },
      { exec: background(test(pkgs.app)) },
    ],
  });
  const lint = root.tasks.tryFind('lint')!;
  root.testTask.reset(
    together({
      app: `projen ${appLane.name}`,
      constructs: background(test(pkgs.constructs)),
      'deploy-hooks': [test(pkgs.deployHooks), ...['shellcheck', 'test:bats', 'package'].map((t) => run(pkgs.deployHooks, t))].join(
        ' && ',
      ),
      'param-tool': `${test(pkgs.paramTool)} && ${run(pkgs.paramTool, 'package')}`,
      'test-support': test(pkgs.testSupport),
      lint: background(`projen ${lint.name}`),
    }),
  );
  root.packageTask.reset();
}

/** concurrently: every command at once, each one's output in one block, timings at the end; fails if any failed. */
function together(commands: { [name: string]: string }): string {
  return [
    'concurrently --group --timings --success all',
    `--names ${Object.keys(commands).join(',')}`,
    ...Object.values(commands).map((c) => `"${c}"`),
  ].join(' ');
}

function filters(...packages: javascript.NodeProject[]): string {
  return packages.map((p) => `--filter ${p.package.packageName}`).join(' ');
}
