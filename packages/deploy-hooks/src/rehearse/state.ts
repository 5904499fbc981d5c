/**
 * What a rehearsal keeps in its instance root, beside the instance (`<root>/.rehearsal/`): the
 * deployment group, the layout of the last revision rehearsed there, moto's log, root mode's
 * marks. A second rehearsal in the same root (or `cleanupRehearsal`) reads them back.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeploymentGroup } from './agent';
import { BundleLayout, readLayoutEnv } from '../revision/identity';

/** The environment a rehearsal plays: SSM `/rehearsal/<app>/`, deployment group `rehearsal-<app>-bg`. */
export const ENVIRONMENT = 'rehearsal';
/** The Region of moto's SSM. */
export const REGION = 'us-east-1';

/** Rehearsal state inside an instance root (not part of the instance). */
export const stateDir = (root: string) => path.join(root, '.rehearsal');
/** Present when the root's rehearsals run in root mode. */
export const rootModeMark = (root: string) => path.join(stateDir(root), 'as-root');
/** Holds the user's name when root mode created the app user (cleanupRehearsal removes it). */
export const createdUserMark = (root: string) => path.join(stateDir(root), 'created-user');
const layoutRecord = (root: string) => path.join(stateDir(root), 'layout.env');

/** Keeps the layout of the revision rehearsed in a root (a copy of its hooks/lib/layout.env). */
export function recordLayout(root: string, layoutEnv: string): void {
  fs.mkdirSync(stateDir(root), { recursive: true });
  fs.copyFileSync(layoutEnv, layoutRecord(root));
}

/** The layout of the last revision rehearsed in a root, if any. */
export function recordedLayout(root: string): BundleLayout | undefined {
  const file = layoutRecord(root);
  return fs.existsSync(file) ? readLayoutEnv(fs.readFileSync(file, 'utf8'), file).layout : undefined;
}

/** The deployment group of a rehearsal root (kept in it), or a new one. */
export function deploymentGroup(root: string, app: string, fresh: boolean): DeploymentGroup {
  const file = path.join(stateDir(root), 'deployment-group.json');
  if (!fresh && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DeploymentGroup;
  const group = {
    applicationName: `${ENVIRONMENT}-${app}`,
    name: `${ENVIRONMENT}-${app}-bg`,
    id: randomUUID(),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(group));
  return group;
}

/** A CodeDeploy deployment id: `d-` and nine characters. */
export function newDeploymentId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return `d-${Array.from({ length: 9 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`;
}
