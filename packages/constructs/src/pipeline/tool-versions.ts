/**
 * Versions of the tools the pipeline's build installs, defined once for the whole workspace: this
 * repository pins its own package manager to the same pnpm (the root `packageManager` field, written
 * by projen from projenrc/versions.ts, which imports this file; `.ci/run` reads that field).
 */

/** pnpm installed in CodeBuild when the pipeline's `pnpmVersion` is not set. */
export const DEFAULT_PNPM_VERSION = '10.33.0';
