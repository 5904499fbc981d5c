import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT, DeploymentGroup } from './agent';
import { install, InstallResult } from './install';
import { spawnSyncChecked } from './system';

/**
 * The agent's deployment root on an instance root, and its records for one deployment group
 * (command_executor.rb): where each deployment's archive is unpacked, the last successful
 * install, and what the previous Install copied.
 */
export class DeploymentRoot {
  public readonly dir: string;

  constructor(
    private readonly instanceRoot: string,
    private readonly group: DeploymentGroup,
  ) {
    this.dir = path.join(instanceRoot, AGENT.deploymentRoot);
  }

  /** `<root_dir>/<deployment group id>/<deployment id>`. */
  public deploymentDir(deploymentId: string): string {
    return path.join(this.dir, this.group.id, deploymentId);
  }

  /** Where the bundle is unpacked and the hooks run from. */
  public archiveDir(deploymentId: string): string {
    return path.join(this.deploymentDir(deploymentId), 'deployment-archive');
  }

  private get instructionsDir(): string {
    return path.join(this.dir, 'deployment-instructions');
  }

  private get lastSuccessfulFile(): string {
    return path.join(this.instructionsDir, `${this.group.id}_last_successful_install`);
  }

  /**
   * The archive of the group's last successful install (written right after Install, even when a
   * later hook failed), whose ApplicationStop script runs first; none for a new deployment group
   * or a wiped deployment root, whatever still runs on the instance.
   */
  public lastSuccessfulArchive(): string | undefined {
    if (!fs.existsSync(this.lastSuccessfulFile)) return undefined;
    const archive = path.join(fs.readFileSync(this.lastSuccessfulFile, 'utf8').trim(), 'deployment-archive');
    return fs.existsSync(archive) ? archive : undefined;
  }

  /**
   * DownloadBundle: old archives beyond `max_revisions` go (never the last successful one), then
   * the zipped revision is unpacked with `unzip -qo` into the deployment's archive folder.
   */
  public unpack(zip: string, deploymentId: string): string {
    this.cleanupOldArchives(deploymentId);
    const archive = this.archiveDir(deploymentId);
    fs.rmSync(archive, { recursive: true, force: true });
    fs.mkdirSync(archive, { recursive: true });
    spawnSyncChecked('unzip', ['-qo', zip, '-d', archive]);
    return archive;
  }

  private cleanupOldArchives(deploymentId: string): void {
    const groupDir = path.join(this.dir, this.group.id);
    if (!fs.existsSync(groupDir)) return;
    const current = this.deploymentDir(deploymentId);
    const others = fs
      .readdirSync(groupDir)
      .map((d) => path.join(groupDir, d))
      .filter((d) => d !== current);
    const extra = others.length - AGENT.archivesToRetain + 1;
    if (extra <= 0) return;
    const last = fs.existsSync(this.lastSuccessfulFile)
      ? fs.readFileSync(this.lastSuccessfulFile, 'utf8').trim()
      : undefined;
    others
      .filter((d) => d !== last)
      .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
      .slice(0, extra)
      .forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  }

  /**
   * Install (see install.ts) of a deployment's archive onto the instance root, then this
   * deployment becomes the group's last successful install. `chown: false` (not root) records
   * the ownership it would set instead of setting it.
   */
  public install(deploymentId: string, options: { readonly chown: boolean }): InstallResult {
    fs.mkdirSync(this.instructionsDir, { recursive: true });
    const result = install({
      archive: this.archiveDir(deploymentId),
      instanceRoot: this.instanceRoot,
      cleanupFile: path.join(this.instructionsDir, `${this.group.id}-cleanup`),
      chown: options.chown,
    });
    fs.writeFileSync(this.lastSuccessfulFile, this.deploymentDir(deploymentId));
    return result;
  }
}
