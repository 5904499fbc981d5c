import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { javascript, Project, typescript } from 'projen';

/**
 * The monorepo root: a private TypeScript project whose subprojects are pnpm workspace packages.
 *
 * projen synthesizes (and installs) each subproject before the root writes
 * pnpm-workspace.yaml, so a naive setup fails on a clean clone with
 * ERR_PNPM_WORKSPACE_PKG_NOT_FOUND and later installs once per package. Here subprojects only
 * record that they need an install; the root runs one install after every file is written,
 * then lets each subproject pin its `*` dependencies from what was installed.
 */
export class PnpmMonorepo extends typescript.TypeScriptProject {
  private readonly workspacePackages: javascript.NodeProject[] = [];

  constructor(options: typescript.TypeScriptProjectOptions) {
    super({
      packageManager: javascript.NodePackageManager.PNPM,
      ...options,
    });
  }

  /** Registers a workspace package; call once per subproject after it is created. */
  public addWorkspacePackage(subproject: javascript.NodeProject): void {
    // The root installs once for the whole workspace, after every file is written.
    subproject.package.postSynthesize = () => {};
    this.workspacePackages.push(subproject);
  }

  public postSynthesize(): void {
    super.postSynthesize();
    const stale = this.workspacePackages.some(
      (p) => p.package.file.changed || !existsSync(join(p.outdir, 'node_modules')),
    );
    if (stale) this.installWorkspace();
    const resolutions = this.workspacePackages.flatMap(
      (p) => ((p.package as any).resolveDepsAndWritePackageJson() as string[] | undefined) ?? [],
    );
    if (resolutions.length > 0) this.installWorkspace();
  }

  private installWorkspace(): void {
    // Same choice as projen's own install: frozen lockfile on CI, updatable elsewhere.
    const task = (this.package as any).isAutomatedBuild ? this.package.installCiTask : this.package.installTask;
    this.tasks.runTask(task.name);
  }
}

/** Every workspace package, in the order `pnpm -r` would build them. */
export function workspacePackages(root: Project): string[] {
  return root.subprojects.map((p) => p.outdir.substring(root.outdir.length + 1));
}
