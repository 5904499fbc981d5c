import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { loadEnvironments } from '../src/load-environments';
import { buildApp } from '../src/main';
import { renderSummary } from '../src/summary';

describe('environment files', () => {
  test('dev, staging and production each become a stack named after the project and environment', () => {
    const app = buildApp();
    const names = app.node.children.map((c) => c.node.id).sort();
    expect(names).toEqual(['comptastar-dev', 'comptastar-production', 'comptastar-staging']);
    const dev = Template.fromStack(app.node.findChild('comptastar-dev') as any);
    dev.hasOutput('ApiSsmPath', { Value: '/dev/api/' });
    dev.hasOutput('WebSsmPath', { Value: '/dev/web/' });
  });

  test('production gets larger minimums than dev', () => {
    const envs = Object.fromEntries(loadEnvironments().map((e) => [e.config.environment, e]));
    for (const app of ['api', 'web']) {
      const prodMin = envs.production.apps.find((a) => a.appName === app)!.scaling.minCapacity;
      const devMin = envs.dev.apps.find((a) => a.appName === app)!.scaling.minCapacity;
      expect(prodMin).toBeGreaterThan(devMin);
    }
  });

  test('the summary names each app target group, health check, capacity and SSM path', () => {
    const summary = renderSummary(loadEnvironments());
    expect(summary).toContain('comptastar-dev-api-tg port 3001 /api/*');
    expect(summary).toContain('health /api/health every 10s');
    expect(summary).toContain('scale-up-70percent/scale-down-30percent');
    expect(summary).toContain('ssm /production/web/');
  });
});

describe('invalid environment files fail synth with the file and the field', () => {
  const write = (name: string, body: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'envs-'));
    writeFileSync(join(dir, name), body);
    return dir;
  };
  const config = (apps: string, extra = '', branch = 'main', environment = 'qa') =>
    `exports.config = { environment: '${environment}', github: { repository: 'o/r', branch: '${branch}' }, ${extra} apps: ${apps} };`;

  test.each([
    [
      'a 33-character target group name',
      config('{ api: {} }', '', 'main', 'preproductionxy'),
      'preproductionxy.js',
      'targetGroupName "comptastar-preproductionxy-api-tg" is 33 characters; the maximum is 32',
    ],
    [
      'min 3 > max 2',
      config('{ api: { scaling: { minCapacity: 3, maxCapacity: 2 } } }'),
      'qa.js',
      'qa.js: apps.api: Invalid configuration of app "api" in environment "qa":\n  - scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)',
    ],
    [
      'scale-down 80 >= scale-up 70',
      config('{ web: { scaling: { scaleDownCpuPercent: 80 } } }'),
      'qa.js',
      'scaling.scaleDownCpuPercent (80) must be below scaling.scaleUpCpuPercent (70)',
    ],
    [
      'an unknown app',
      config('{ apii: {} }'),
      'qa.js',
      'qa.js: apps.apii: unknown app "apii"; known apps: api, web',
    ],
    ['an empty branch', config('{ api: {} }', '', ''), 'qa.js', 'qa.js: github.branch is empty'],
    [
      'a file named after another environment',
      config('{ api: {} }'),
      'uat.js',
      'uat.js: environment is "qa" but the file is named uat.js',
    ],
  ])('%s', (_case, body, file, message) => {
    const dir = write(file, body);
    expect(() => buildApp(loadEnvironments(dir))).toThrow(message);
  });
});
