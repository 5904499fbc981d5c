/**
 * The API reference against the compiled assembly (.jsii, written by `npx projen compile`):
 * API.md must be what jsii-docgen renders from it (in CI the build skips its docgen step and this
 * test is the check), and every `@example` must type-check in rosetta/default.ts-fixture against
 * the compiled library (lib/*.d.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Documentation, Language } from 'jsii-docgen';
import * as ts from 'typescript';

const PACKAGE_DIR = join(__dirname, '..', '..');
/**
 * Both tests load aws-cdk-lib's whole assembly or type-check against it: about 20 s of CPU each,
 * several times that while the other packages' tests share the cores (one run took 160 s).
 */
const HEAVY_TEST_TIMEOUT = 5 * 60_000;

interface AssemblyType {
  readonly name: string;
  readonly kind: string;
  readonly docs?: { readonly example?: string };
}

function compiledTypes(): AssemblyType[] {
  const file = join(PACKAGE_DIR, '.jsii');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: compile the library first (cd packages/constructs && npx projen compile)`,
    );
  }
  return Object.values<AssemblyType>(JSON.parse(readFileSync(file, 'utf8')).types);
}

/** Undefined when equal; else the first line that differs, in both versions. */
function firstDifference(committed: string, rendered: string): string | undefined {
  if (committed === rendered) return undefined;
  const a = committed.split('\n');
  const b = rendered.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return (
    `API.md line ${at + 1} is ${JSON.stringify(a[at])}, jsii-docgen renders ${JSON.stringify(b[at])}: ` +
    'run `npx projen docgen` in packages/constructs and commit API.md'
  );
}

test(
  'API.md is what jsii-docgen renders from the compiled assembly',
  async () => {
    const docs = await Documentation.forProject(PACKAGE_DIR);
    try {
      const rendered = (await docs.toMarkdown({ language: Language.TYPESCRIPT })).render();
      const committed = readFileSync(join(PACKAGE_DIR, 'API.md'), 'utf8');
      expect(firstDifference(committed, rendered)).toBeUndefined();
    } finally {
      await docs.cleanup();
    }
  },
  HEAVY_TEST_TIMEOUT,
);

test(
  'every @example type-checks (strict) in the rosetta fixture against the compiled library',
  () => {
    const fixture = readFileSync(join(PACKAGE_DIR, 'rosetta', 'default.ts-fixture'), 'utf8');
    const examples = new Map(
      compiledTypes()
        .filter((t) => t.docs?.example)
        .map((t) => [
          join(PACKAGE_DIR, 'rosetta', `${t.name}.example.ts`),
          fixture.replace(/^\/\/\/ here$/m, t.docs!.example!),
        ]),
    );
    expect([...examples.keys()].map((f) => basename(f, '.example.ts'))).toEqual(
      expect.arrayContaining([
        'Fleet',
        'InstanceLayout',
        'LoadBalancerWebAcl',
        'LogEncryption',
        'Naming',
        'Network',
        'ServiceConfig',
        'WafSetting',
      ]),
    );

    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: [],
      baseUrl: PACKAGE_DIR,
      // The package as a user imports it: its compiled declarations.
      paths: { '@comptastar/constructs': ['lib/index.d.ts'] },
    };
    // The examples exist only in memory, beside the fixture (so node_modules resolve as for a file there).
    const host = ts.createCompilerHost(options);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (f) => examples.has(f) || fileExists(f);
    host.readFile = (f) => examples.get(f) ?? readFile(f);
    host.getSourceFile = (f, language, ...rest) =>
      examples.has(f)
        ? ts.createSourceFile(f, examples.get(f)!, language)
        : getSourceFile(f, language, ...rest);
    const program = ts.createProgram([...examples.keys()], options, host);

    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && examples.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const source = d.file!.text.split('\n')[line].trim();
        return `${basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (in: ${source})`;
      });
    expect(problems).toEqual([]);
  },
  HEAVY_TEST_TIMEOUT,
);
