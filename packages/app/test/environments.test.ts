import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { formatSeconds, loadHooksBudget } from '../src/budget';
import { loadEnvironments } from '../src/load-environments';
import { buildApp, environmentStacks } from '../src/main';
import { renderSummary } from '../src/summary';
import { CERTIFICATE_ARN, tlsEnvironment } from './support/synth';

describe('environment files', () => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  const app = buildApp(loadEnvironments(), new App());

  test('dev, staging and production each become a stack named after the project and environment', () => {
    const names = environmentStacks(app)
      .map((c) => c.node.id)
      .sort();
    expect(names).toEqual(['comptastar-dev', 'comptastar-production', 'comptastar-staging']);
    const dev = Template.fromStack(app.node.findChild('comptastar-dev') as any);
    dev.hasOutput('ApiSsmPath', { Value: '/dev/api/' });
    dev.hasOutput('WebSsmPath', { Value: '/dev/web/' });
  });

  test('production gets larger minimums than dev', () => {
    const stacks = Object.fromEntries(environmentStacks(app).map((s) => [s.loaded.config.environment, s]));
    // the minimum the fleet's desired state in each template holds
    const templates = new Map<string, any>();
    const min = (env: string, appName: string) => {
      const stack = stacks[env];
      if (!templates.has(env)) templates.set(env, Template.fromStack(stack).toJSON());
      const fleet = stack.services.find((s) => s.appName === appName)!.fleet;
      const logicalId = stack.resolve((fleet.node.defaultChild!.node.defaultChild as CfnElement).logicalId);
      return templates.get(env).Resources[logicalId].Properties.Fleet.minSize as number;
    };
    for (const appName of ['api', 'web']) {
      expect(min('production', appName)).toBeGreaterThan(min('dev', appName));
    }
  });

  test('the summary names each app ALB, target group, health check, capacity, SSM path, source and budget', () => {
    const summary = renderSummary(environmentStacks(app));
    expect(summary).toContain(
      'comptastar-production: environment production, region eu-west-3, 2 AZs, 2 NAT gateways, deletion protection',
    );
    expect(summary).toMatch(
      /alb {6}comptastar-dev-api-lb \(ApiLoadBalancer[0-9A-F]{8}\), HTTP :80, path \/api\/\*/,
    );
    expect(summary).toContain('target   comptastar-dev-api-tg: HTTP 3001, health /api/v1/health every 5 s');
    expect(summary).toContain('capacity t3.medium x 2-8 (desired 2); scale-up-70percent +1 above 70 % CPU');
    expect(summary).toContain('ssm      /production/web/');
    expect(summary).toContain(
      'fleet    during a deployment `cdk deploy` returns at once, its change lands when the deployment ends; ' +
        'the green group scales once traffic moved; reconcile every 5 min',
    );
    const hooks = loadHooksBudget().apps.api.beforeInstallToHealthySeconds;
    const moved = formatSeconds(hooks + 15 + 5);
    expect(summary).toContain(
      `deploy   hooks ${formatSeconds(hooks)} + green healthy 15 s (2 x 5 s + 5 s) + blue drain 5 s = traffic moved ${moved}`,
    );
    expect(summary).toContain(`= deploy action ends ${formatSeconds(hooks + 20 + 900)}`);
    // HTTPS and AWS WAF, per app: production states HTTP only with its reason, dev has no WAF.
    expect(summary).toContain(
      '    https    HTTP only: no domain and ACM certificate yet: set certificateArn (HTTPS on 443, HTTP redirects) before real users sign in',
    );
    expect(summary).toContain(
      '    waf      comptastar-production-web-waf: AWS managed IP reputation, common and known-bad-inputs rules, 2000 requests / 5 min / IP; ' +
        'alarm comptastar-production-web-waf-blocked at 100 blocked / 5 min',
    );
    expect(summary).toContain('    waf      off: dev is not production-like');
    expect(summary.match(/^ {4}waf {6}/gm)).toHaveLength(6);
    expect(summary.match(/^ {4}https {4}/gm)).toHaveLength(6);
    // The measured hooks include unpacking PM2 but not Node.js's dnf install: the summary says so.
    expect(summary).toMatch(
      /as a first deployment, PM2 unpacked from the revision \(a new instance also installs Node\.js with dnf in BeforeInstall/,
    );
  });
});

test('the summary of an environment with a certificate shows HTTPS and the certificate per app', () => {
  const summary = renderSummary(environmentStacks(buildApp([tlsEnvironment()], new App())));
  expect(
    summary.match(
      /^ {4}alb {6}comptastar-tls-(api|web)-lb \([A-Za-z0-9]+\), HTTPS :443 \(HTTP :80 redirects\)/gm,
    ),
  ).toHaveLength(2);
  expect(summary.match(/^ {4}https {4}certificate (.*), TLS 1\.2\+ policy$/gm)).toEqual([
    `    https    certificate ${CERTIFICATE_ARN}, TLS 1.2+ policy`,
    `    https    certificate ${CERTIFICATE_ARN}, TLS 1.2+ policy`,
  ]);
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
      'qa.js: Invalid configuration of app "api" in environment "qa":\n  - scaling.minCapacity (3) must not exceed scaling.maxCapacity (2)',
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
    [
      'more NAT gateways than zones',
      config('{ api: {} }', 'network: { maxAzs: 2, natGateways: 3 },'),
      'qa.js',
      'qa.js: network.natGateways is 3; allowed: an integer from 1 to network.maxAzs (2)',
    ],
    [
      'a certificate that is not an ACM ARN (checked by the construct)',
      config('{ api: {} }', "region: 'eu-west-3', certificateArn: 'nope',"),
      'qa.js',
      'qa.js: Invalid BlueGreenService "api" in environment "qa"',
    ],
    ['an empty branch', config('{ api: {} }', '', ''), 'qa.js', 'qa.js: github.branch is empty'],
    [
      'production without a certificate or httpOnly',
      config('{ api: {} }', '', 'main', 'production'),
      'production.js',
      'production.js: production serves its users over HTTPS or says why not: set certificateArn (an ACM certificate ARN in the region) or httpOnly: true with httpOnlyReason',
    ],
    [
      'httpOnly without a reason',
      config('{ api: {} }', 'httpOnly: true,', 'main', 'production'),
      'production.js',
      'production.js: httpOnly is true without httpOnlyReason; say why this environment serves HTTP only',
    ],
    [
      'a certificate and httpOnly together',
      config(
        '{ api: {} }',
        "certificateArn: 'arn:aws:acm:eu-west-3:111111111111:certificate/abc', httpOnly: true, httpOnlyReason: 'x',",
      ),
      'qa.js',
      'qa.js: certificateArn and httpOnly are both set',
    ],
    [
      'a reason without httpOnly',
      config('{ api: {} }', "httpOnlyReason: 'no domain',"),
      'qa.js',
      'qa.js: httpOnlyReason is set without httpOnly: true',
    ],
    [
      'WAF off without a reason',
      config('{ api: {} }', "waf: { off: ' ' },"),
      'qa.js',
      "qa.js: waf.off is empty; say why this environment's load balancers need no web ACL",
    ],
    [
      'a web ACL ARN that is not a regional WAFv2 ARN (checked by the construct)',
      config(
        '{ api: {} }',
        "region: 'eu-west-3', waf: { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/1' },",
      ),
      'qa.js',
      'is not a regional WAFv2 web ACL ARN',
    ],
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
