import {
  DeploymentInfo,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { Sender } from './clients';
import { aws } from './errors';
import type { AppTarget } from './targets';

/** One deployment as the commands report it. */
export interface DeploymentSummary {
  readonly id: string;
  /** Created | Queued | InProgress | Baking | Succeeded | Failed | Stopped | Ready (DeploymentInfo.status). */
  readonly status: string;
  /** `s3://bucket/key` (with the ETag or version when known), or what else the revision is. */
  readonly revision?: string;
  readonly createTime?: string;
  readonly completeTime?: string;
  /** Seconds from create to complete (or to now while it runs). */
  readonly durationSeconds?: number;
  /** Traffic is on the green instances and the blue termination wait runs (or ran). */
  readonly blueWaitStarted: boolean;
  readonly error?: { readonly code?: string; readonly message?: string };
  readonly creator?: string;
  readonly description?: string;
  /** The raw revision, for a redeploy (CreateDeployment takes it as it is). */
  readonly revisionLocation?: RevisionLocation;
}

/** Statuses of a deployment that has not ended (DeploymentInfo.status, CodeDeploy API reference). */
export const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

/**
 * The newest deployments of an app's deployment group, newest first. ListDeployments pages through
 * every id ("A list of deployment IDs"; the order is not documented, so they are sorted by createTime
 * here) and GetDeployment reads each, up to `limit` after filtering.
 */
export async function listDeployments(
  codeDeploy: Sender,
  target: AppTarget,
  options: { readonly statuses?: string[]; readonly limit?: number; readonly now?: Date } = {},
): Promise<DeploymentSummary[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const out = await aws(
      `codedeploy:ListDeployments of ${target.codeDeployApplication}/${target.deploymentGroup}`,
      () =>
        codeDeploy.send(
          new ListDeploymentsCommand({
            applicationName: target.codeDeployApplication,
            deploymentGroupName: target.deploymentGroup,
            includeOnlyStatuses: options.statuses as any,
            nextToken,
          }),
        ),
    );
    ids.push(...(out.deployments ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  const infos: DeploymentInfo[] = [];
  for (const id of ids) infos.push(await getDeployment(codeDeploy, id));
  return infos
    .sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0))
    .slice(0, options.limit ?? infos.length)
    .map((info) => summarize(info, options.now ?? new Date()));
}

export async function getDeployment(codeDeploy: Sender, id: string): Promise<DeploymentInfo> {
  const out = await aws(`codedeploy:GetDeployment ${id}`, () =>
    codeDeploy.send(new GetDeploymentCommand({ deploymentId: id })),
  );
  return out.deploymentInfo as DeploymentInfo;
}

export function summarize(info: DeploymentInfo, now: Date): DeploymentSummary {
  const created = info.createTime ? new Date(info.createTime) : undefined;
  const completed = info.completeTime ? new Date(info.completeTime) : undefined;
  const end = completed ?? (ACTIVE_STATUSES.includes(info.status ?? '') ? now : undefined);
  return {
    id: info.deploymentId!,
    status: info.status ?? 'Unknown',
    revision: describeRevision(info.revision),
    createTime: created?.toISOString(),
    completeTime: completed?.toISOString(),
    durationSeconds:
      created && end ? Math.max(0, Math.round((end.getTime() - created.getTime()) / 1000)) : undefined,
    blueWaitStarted: info.instanceTerminationWaitTimeStarted === true,
    error: info.errorInformation
      ? { code: info.errorInformation.code, message: info.errorInformation.message }
      : undefined,
    creator: info.creator,
    description: info.description,
    revisionLocation: info.revision,
  };
}

/** `s3://bucket/key (etag …)` for an S3 revision, the repository and commit for GitHub. */
export function describeRevision(revision?: RevisionLocation): string | undefined {
  if (!revision) return undefined;
  const s3 = revision.s3Location;
  if (s3?.bucket && s3.key) {
    const id = s3.version ? ` (version ${s3.version})` : s3.eTag ? ` (etag ${s3.eTag})` : '';
    return `s3://${s3.bucket}/${s3.key}${id}`;
  }
  const gh = revision.gitHubLocation;
  if (gh?.repository) return `github ${gh.repository}@${gh.commitId ?? '?'}`;
  return revision.revisionType ?? 'unknown revision';
}
