import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Naming, ServiceConfig } from '@comptastar/constructs';
import { COMPTASTAR_APPS } from './comptastar-apps';
import type { EnvironmentConfig, WafConfig } from './environment-config';

export const DEFAULT_PROJECT_NAME = 'comptastar';
/** How ComptaStar writes its name (`Custom::ComptaStarFleet`, the type its deployed stacks already have). */
export const DEFAULT_PROJECT_TITLE = 'ComptaStar';
/** The operations command every notification names (packages/app's `comptastar` bin, src/ops). */
export const OPERATIONS_COMMAND = 'npx comptastar';

/**
 * An environment file, validated, with each app's configuration: ComptaStar's settings with the
 * file's overrides. The library resolves and validates them when the stack is built.
 */
export interface LoadedEnvironment {
  readonly file: string;
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly apps: ServiceConfig[];
  /** The VPC settings with the defaults applied. */
  readonly network: { readonly maxAzs: number; readonly natGateways: number; readonly cidr: string };
  /** Load balancer deletion protection with the default applied. */
  readonly deletionProtection: boolean;
  /** HTTPS with the certificate, or HTTP only with the reason. */
  readonly https: { readonly certificateArn: string } | { readonly httpOnlyReason: string };
  /** AWS WAF with the default applied. */
  readonly waf: WafConfig;
}

/** Environments whose defaults are production's where it matters for security (AWS WAF on). */
export const PRODUCTION_LIKE_ENVIRONMENTS = ['production', 'staging'];

/** The environment whose defaults are production's: NAT gateway per AZ, deletion protection. */
export const PRODUCTION_ENVIRONMENT = 'production';

/** The default folder of environment files: one file per environment. */
export const ENVIRONMENTS_DIR = join(__dirname, 'environments');

/** Loads and validates every environment file of a folder (`*.ts` or compiled `*.js`). */
export function loadEnvironments(dir: string = ENVIRONMENTS_DIR): LoadedEnvironment[] {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  return files.map((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, f)) as { config?: EnvironmentConfig };
    return validateEnvironment(join(dir, f), mod.config);
  });
}

/** Validates one environment; every error names the file and the field. */
export function validateEnvironment(file: string, config: EnvironmentConfig | undefined): LoadedEnvironment {
  const where = `${basename(file)}`;
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  if (!config) fail('exports no `config` (export const config: EnvironmentConfig = {...})');
  const c = config!;
  const expected = basename(file, extname(file));
  if (c.environment !== expected) {
    fail(
      `environment is "${c.environment}" but the file is named ${where}; name the file ${c.environment}.ts`,
    );
  }
  let naming: Naming;
  try {
    naming = new Naming({
      projectName: c.projectName ?? DEFAULT_PROJECT_NAME,
      projectTitle: c.projectName === undefined ? DEFAULT_PROJECT_TITLE : undefined,
      operationsCommand: OPERATIONS_COMMAND,
      environment: c.environment,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!c.github || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(c.github.repository ?? '')) {
    fail(`github.repository "${c.github?.repository ?? ''}" must be "owner/name"`);
  }
  if (!c.github.branch || c.github.branch.trim() === '') {
    fail('github.branch is empty; set the branch the pipeline deploys from, e.g. "main"');
  }
  const appNames = Object.keys(c.apps ?? {});
  if (appNames.length === 0) fail('apps is empty; list the apps to deploy, e.g. apps: { api: {}, web: {} }');
  const known = Object.keys(COMPTASTAR_APPS);
  const unknown = appNames.filter((a) => !known.includes(a));
  if (unknown.length > 0) {
    fail(`apps.${unknown[0]}: unknown app "${unknown[0]}"; known apps: ${known.join(', ')}`);
  }
  const apps = appNames.map((appName): ServiceConfig => {
    const base = COMPTASTAR_APPS[appName];
    const overrides = c.apps[appName];
    return { ...base, ...overrides, healthCheck: { ...base.healthCheck, ...overrides.healthCheck } };
  });
  const isProduction = c.environment === PRODUCTION_ENVIRONMENT;
  const maxAzs = c.network?.maxAzs ?? 2;
  const natGateways = c.network?.natGateways ?? (isProduction ? maxAzs : 1);
  if (!Number.isInteger(maxAzs) || maxAzs < 2 || maxAzs > 6) {
    fail(`network.maxAzs is ${maxAzs}; allowed: an integer from 2 to 6 (load balancers need two zones)`);
  }
  if (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > maxAzs) {
    fail(`network.natGateways is ${natGateways}; allowed: an integer from 1 to network.maxAzs (${maxAzs})`);
  }
  const https = resolveHttps(c, isProduction, fail);
  const waf = resolveWaf(c, fail);
  return {
    file,
    config: c,
    naming,
    apps,
    network: { maxAzs, natGateways, cidr: c.network?.cidr ?? '10.0.0.0/16' },
    deletionProtection: c.deletionProtection ?? isProduction,
    https,
    waf,
  };
}

/** HTTPS must be a choice in production: a certificate, or HTTP only with a reason. */
function resolveHttps(
  c: EnvironmentConfig,
  isProduction: boolean,
  fail: (message: string) => never,
): LoadedEnvironment['https'] {
  const reason = c.httpOnlyReason?.trim();
  if (c.certificateArn && c.httpOnly) {
    fail(
      'certificateArn and httpOnly are both set; keep certificateArn for HTTPS, or remove it to serve HTTP only',
    );
  }
  if (c.httpOnlyReason !== undefined && !c.httpOnly) {
    fail('httpOnlyReason is set without httpOnly: true; add httpOnly: true or remove httpOnlyReason');
  }
  if (c.httpOnly && !reason) {
    fail('httpOnly is true without httpOnlyReason; say why this environment serves HTTP only');
  }
  if (c.certificateArn) return { certificateArn: c.certificateArn };
  if (c.httpOnly) return { httpOnlyReason: reason! };
  if (isProduction) {
    fail(
      'production serves its users over HTTPS or says why not: set certificateArn (an ACM certificate ARN in the region) ' +
        'or httpOnly: true with httpOnlyReason',
    );
  }
  return {
    httpOnlyReason: `${c.environment} sets no certificateArn (HTTP only is the default outside production)`,
  };
}

function resolveWaf(c: EnvironmentConfig, fail: (message: string) => never): WafConfig {
  const waf = c.waf;
  if (waf === undefined) {
    return PRODUCTION_LIKE_ENVIRONMENTS.includes(c.environment)
      ? 'managed'
      : {
          off: `${c.environment} is not production-like (AWS WAF is on by default for ${PRODUCTION_LIKE_ENVIRONMENTS.join(' and ')}; set waf: 'managed' to try the rules here)`,
        };
  }
  if (typeof waf === 'object' && 'off' in waf && !waf.off.trim()) {
    fail("waf.off is empty; say why this environment's load balancers need no web ACL");
  }
  if (waf !== 'managed' && typeof waf !== 'object') {
    fail(`waf is ${JSON.stringify(waf)}; allowed: 'managed', { webAclArn: '<arn>' } or { off: '<reason>' }`);
  }
  return waf;
}
