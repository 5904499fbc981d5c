/**
 * The package's public surface, read from the compiled jsii assembly (.jsii, written by
 * `npx projen compile`): what a user (and jsii-docgen, and every jsii target language) sees.
 * Internal types stay out of it; a re-export of one of them fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const PACKAGE_DIR = join(__dirname, '..', '..');
const SRC = join(PACKAGE_DIR, 'src');

interface AssemblyType {
  readonly name: string;
  readonly kind: string;
  readonly methods?: Array<{ readonly name: string; readonly static?: boolean }>;
  readonly properties?: Array<{ readonly name: string; readonly static?: boolean }>;
}

function assemblyTypes(): Map<string, AssemblyType> {
  const file = join(PACKAGE_DIR, '.jsii');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: compile the library first (cd packages/constructs && npx projen compile)`,
    );
  }
  const types = Object.values<AssemblyType>(JSON.parse(readFileSync(file, 'utf8')).types);
  return new Map(types.map((t) => [t.name, t]));
}

/** Every type a source file (or every file of a folder, recursively) declares with `export`. */
function exportedTypes(path: string): string[] {
  const full = join(SRC, path);
  const files = full.endsWith('.ts')
    ? [full]
    : readdirSync(full, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(full, f));
  return files.flatMap((f) =>
    [
      ...readFileSync(f, 'utf8').matchAll(
        /^export (?:declare )?(?:abstract )?(?:const )?(?:interface|class|enum|type) (\w+)/gm,
      ),
    ].map((m) => `${m[1]} (${relative(SRC, f)})`),
  );
}

/** Internal modules: their types must not reach the assembly. */
const INTERNAL = [
  'config/resolved-service-config.ts', // ResolvedServiceConfig, ResolvedHealthCheck, ResolvedScaling, ServiceConfigs
  'config/resource-names.ts', // ResourceNames, ScalingDirection
  'fleet/handler', // the reconcile handler: desired state, planner, AWS calls
  'fleet/fleet-handler.lambda.ts',
  'fleet/fleet-names.ts',
  'fleet/fleet-desired-state.ts',
];

const types = assemblyTypes();

describe('public surface (the compiled jsii assembly)', () => {
  const internal = INTERNAL.flatMap(exportedTypes);

  test('the internal modules are read: resolved config, internal names and the handler types are among them', () => {
    const names = internal.map((t) => t.split(' ')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'ResolvedServiceConfig',
        'ResolvedHealthCheck',
        'ResolvedScaling',
        'ServiceConfigs',
        'ResourceNames',
        'ScalingDirection',
        'DesiredState',
        'PolicySpec',
        'FleetTagKeys',
        'FleetNames',
      ]),
    );
  });

  test('no type of an internal module is exported from the package', () => {
    const leaked = internal.filter((t) => types.has(t.split(' ')[0]));
    expect(leaked).toEqual([]);
  });

  test("Naming's public methods are exactly what a user of the library needs", () => {
    const naming = types.get('Naming')!;
    expect(naming).toBeDefined();
    expect((naming.methods ?? []).map((m) => m.name).sort()).toEqual([
      'appResourceNames',
      'environmentResourceNames',
      'ssmParameterName',
      'ssmPath',
      'stackName',
      'tagKey',
    ]);
    expect((naming.properties ?? []).map((p) => p.name).sort()).toEqual([
      'environment',
      'operationsCommand',
      'projectName',
      'projectTitle',
    ]);
  });

  test('the structs of names for operations tooling are public', () => {
    expect(types.get('AppResourceNames')?.kind).toBe('interface');
    expect(types.get('EnvironmentResourceNames')?.kind).toBe('interface');
  });

  test('a service exposes domain values, not its resolved configuration', () => {
    const service = types.get('BlueGreenService')!;
    const properties = (service.properties ?? []).map((p) => p.name);
    expect(properties).toEqual(expect.arrayContaining(['ssmPath', 'timeToHealthy', 'deregistrationDelay']));
    expect(properties).not.toContain('config');
    const fleetProps = (types.get('FleetProps')!.properties ?? []).map((p) => p.name);
    expect(fleetProps).toContain('service');
    expect(fleetProps).not.toContain('config');
  });
});
