import { javascript, JsonFile } from 'projen';

/** The TypeScript program every package's type-aware lint rules share (one, for the whole workspace). */
export const LINT_TSCONFIG = 'tsconfig.eslint.json';

/**
 * `npx projen lint` at the root: one eslint process over every package, each file under its own
 * package's .eslintrc.json, with the type-aware rules (no-floating-promises, return-await) reading
 * types from one program of the whole workspace instead of the two each package builds (its
 * tsconfig.json and test/tsconfig.json). Each of those parses the same 1.1 million lines of
 * aws-cdk-lib and AWS SDK declarations: five packages linted one by one cost about 140 CPU-seconds,
 * this run about 40. The packages' own `npx projen eslint` stays as it was.
 *
 * The program uses the settings the packages share. The task type-checks it first (`tsc`,
 * declarations skipped): an import this program could not resolve would otherwise leave its types
 * unknown and the type-aware rules silent, and the tests get type-checked, which jest
 * (it only strips types) and the packages' compilers (sources only) do not do.
 */
export function addWorkspaceLint(root: javascript.NodeProject, packages: javascript.NodeProject[]): void {
  const dirs = packages.map((p) => p.outdir.substring(root.outdir.length + 1));
  const sources = dirs.flatMap((d) => ['src', 'test', 'build-tools'].map((s) => `${d}/${s}`));
  new JsonFile(root, LINT_TSCONFIG, {
    allowComments: true,
    marker: true,
    obj: {
      compilerOptions: {
        target: 'ES2022',
        lib: ['es2022'],
        module: 'commonjs',
        moduleResolution: 'node',
        strict: true,
        esModuleInterop: true,
        resolveJsonModule: true,
        experimentalDecorators: true,
        skipLibCheck: true,
        noEmit: true,
        // Every package has projen's @types/jest and @types/node, at the same versions.
        types: ['jest', 'node'],
        typeRoots: [`./${dirs[0]}/node_modules/@types`],
      },
      include: sources.map((s) => `${s}/**/*.ts`),
    },
  });
  root.addTask('lint', {
    description:
      "Type-check every package's sources and tests as one program, then eslint over every package with that program",
    env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
    steps: [
      { exec: `tsc -p ${LINT_TSCONFIG}` },
      {
        exec: [
          'eslint --ext .ts,.tsx --fix --no-error-on-unmatched-pattern',
          `--parser-options projectService:false --parser-options project:./${LINT_TSCONFIG}`,
          ...sources,
        ].join(' '),
      },
    ],
  });
}
