/**
 * What the rehearsal test files share: their own temporary folders (instance roots, copies of
 * revisions), each root's PM2 daemon killed in afterAll (cleanupFolders), and small readers of a
 * rehearsal's result. Jest loads this module once per test file: each file has its own folders.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExampleApp, HEALTH } from './revisions';
import { AGENT } from '../../src/rehearse/agent';
import { cleanupRehearsal } from '../../src/rehearse/pm2';
import { MotoServer, startMoto } from '../../src/rehearse/processes';
import { rehearse, RehearseOptions, RehearsalResult } from '../../src/rehearse/rehearse';

export const MINUTE = 60_000;

const roots: string[] = [];
let work: string | undefined;
let moto: Promise<MotoServer> | undefined;

/** This test file's own temporary folder (for copies of shared revisions), made on first use. */
export function workDir(): string {
  work ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rehearse-test-'));
  return work;
}

/** A new instance root in this test file's folder, cleaned up by cleanupFolders. */
export function newRoot(): string {
  const root = fs.mkdtempSync(path.join(workDir(), 'root-'));
  roots.push(root);
  return root;
}

/**
 * This test file's moto server, started on first use and stopped by cleanupFolders: one for all
 * its rehearsals (each resets it before seeding), instead of one per rehearsal.
 */
function fileMoto(): Promise<MotoServer> {
  moto ??= startMoto({ logFile: path.join(workDir(), 'moto.log') });
  return moto;
}

/**
 * Kills each root's PM2 daemon (and so its apps), stops this file's moto server, then removes
 * this file's folder. For afterAll.
 */
export async function cleanupFolders(): Promise<void> {
  await Promise.all([...roots.map((root) => cleanupRehearsal(root)), moto?.then((m) => m.stop())]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
}

export const events = (r: RehearsalResult) => r.hooks.map((h) => h.event);
/** Where the agent unpacks a deployment's revision and runs its hooks from. */
export const archiveOf = (r: RehearsalResult) =>
  path.join(r.root, AGENT.deploymentRoot, r.deploymentGroup.id, r.deploymentId, 'deployment-archive');
export const output = (r: RehearsalResult) => r.hooks.map((h) => h.output).join('\n');
/** Rehearses an example app's revision with its service's health check path, on this file's moto. */
export const rehearseApp = async (
  app: ExampleApp,
  options: Omit<RehearseOptions, 'healthCheckPath' | 'moto'>,
): Promise<RehearsalResult> => rehearse({ ...options, healthCheckPath: HEALTH[app], moto: await fileMoto() });

export async function healthStatus(port: number, app: ExampleApp): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}${HEALTH[app]}`)).status;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
