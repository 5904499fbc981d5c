import * as fs from 'node:fs';
import * as path from 'node:path';
import { inferType, SsmType, ValueType } from '../env-file/infer';
import { parseEnvFile } from '../env-file/parse';
import { validateEntry } from '../env-file/validate';
import { wrapAwsError } from '../errors';
import { appPath, parameterPath } from '../parameter-path';
import { displayValue, renderTable } from '../table';
import { CommandContext } from './context';
import { Scope } from './scope';
import { StoredParameter } from '../store/store';

export type Action = 'create' | 'exists-unchanged' | 'exists-different' | 'invalid';

/** One variable of one app, compared with what SSM holds. */
export interface PlanRow {
  readonly app: string;
  readonly key: string;
  readonly line: number;
  readonly path: string;
  /** The value to write (the example value until a prompt replaces it). */
  value: string;
  readonly type: ValueType;
  readonly ssmType: SsmType;
  action: Action;
  readonly existing?: StoredParameter;
  readonly problems: string[];
}

export interface Plan {
  readonly rows: PlanRow[];
  /** Problems that belong to no variable (unreadable lines), per file. */
  readonly fileProblems: string[];
}

/**
 * Reads each app's .env.example, infers and validates every variable, and compares it with the
 * parameters under `/{environment}/{app}/` (read-only calls).
 */
export async function buildPlan(
  ctx: CommandContext,
  scope: Scope,
  options: { requireValues: boolean },
): Promise<Plan> {
  const rows: PlanRow[] = [];
  const fileProblems: string[] = [];
  for (const { app, file } of scope.apps) {
    const parsed = parseEnvFile(fs.readFileSync(file, 'utf8'));
    const relative = path.relative(ctx.cwd, file) || file;
    const duplicates = new Map<string, string[]>();
    for (const p of parsed.problems) {
      if (p.key) duplicates.set(p.key, [...(duplicates.get(p.key) ?? []), p.message]);
      else fileProblems.push(`${relative}: ${p.message}`);
    }
    const existing = await readExisting(ctx, appPath(scope.environment, app));
    for (const entry of parsed.entries) {
      const inferred = inferType(entry.key, entry.value);
      const problems = [
        ...(duplicates.get(entry.key) ?? []),
        ...validateEntry(entry, {
          environment: scope.environment,
          app,
          requireValues: options.requireValues,
        }),
      ];
      const parameterName = parameterPath(scope.environment, app, entry.key);
      const current = existing.get(parameterName);
      rows.push({
        app,
        key: entry.key,
        line: entry.line,
        path: parameterName,
        value: entry.value,
        type: inferred.type,
        ssmType: inferred.ssmType,
        existing: current,
        problems,
        action: problems.length > 0 ? 'invalid' : compare(current, entry.value, inferred.ssmType),
      });
    }
  }
  return { rows, fileProblems };
}

/** Action for a value once it is known (prompts change values after the plan is built). */
export function compare(existing: StoredParameter | undefined, value: string, ssmType: SsmType): Action {
  if (!existing) return 'create';
  return existing.value === value && existing.type === ssmType ? 'exists-unchanged' : 'exists-different';
}

export function isInvalid(plan: Plan): boolean {
  return plan.fileProblems.length > 0 || plan.rows.some((r) => r.action === 'invalid');
}

/** Every problem of the plan, one per line. */
export function problemLines(plan: Plan): string[] {
  const rowProblems = plan.rows.flatMap((r) => r.problems.map((p) => `${r.app}: ${p}`));
  return [...new Set([...plan.fileProblems, ...rowProblems])];
}

/** The plan as a table: name, path, types, value (secrets masked), action. */
export function renderPlan(rows: PlanRow[]): string {
  return renderTable(
    ['NAME', 'PARAMETER', 'TYPE', 'SSM TYPE', 'VALUE', 'ACTION'],
    rows.map((r) => [
      r.key,
      r.path,
      r.type,
      r.ssmType,
      displayValue(r.value, r.ssmType === 'SecureString'),
      r.action,
    ]),
  );
}

/** The plan as JSON (secret values masked). */
export function planJson(scope: Scope, plan: Plan): unknown {
  return {
    environment: scope.environment,
    apps: scope.apps.map((a) => a.app),
    parameters: plan.rows.map((r) => ({
      app: r.app,
      name: r.key,
      parameter: r.path,
      type: r.type,
      ssmType: r.ssmType,
      value: r.ssmType === 'SecureString' ? '********' : r.value,
      action: r.action,
      problems: r.problems,
    })),
    problems: problemLines(plan),
  };
}

async function readExisting(ctx: CommandContext, prefix: string): Promise<Map<string, StoredParameter>> {
  try {
    const parameters = await ctx.store.listByPath(prefix);
    return new Map(parameters.map((p) => [p.name, p]));
  } catch (error) {
    return wrapAwsError(`Failed to read ${prefix}`, error, { service: 'SSM' });
  }
}
