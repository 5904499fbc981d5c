/**
 * Versions shared by every package of the monorepo: change them here, run `npx projen`.
 * They were checked to build together on Node.js 20 (see README, "Toolchain").
 */
/** The workspace's pnpm: the one the pipeline's build installs by default (one version, one place). */
export { DEFAULT_PNPM_VERSION as PNPM_VERSION } from '../packages/constructs/src/pipeline/tool-versions';
export const AWS_CDK_LIB_VERSION = '2.276.0';
export const AWS_CDK_CLI_VERSION = '2.1148.1';
export const CONSTRUCTS_VERSION = '10.8.1';
export const TYPESCRIPT_VERSION = '~5.9.3';
export const JSII_VERSION = '~5.9.0';
export const TYPES_NODE_VERSION = '^20';
export const NODE_MIN_VERSION = '20.9.0';
export const JEST_VERSION = '^30';
export const TS_JEST_VERSION = '^29.4.0';
export const CDK_NAG_VERSION = '3.0.2';
