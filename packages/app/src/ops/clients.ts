import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** What the commands need of an SDK client: `send(command)`. Tests pass simulators and stand-ins. */
export interface Sender {
  send(command: any): Promise<any>;
}

/** The AWS services the operations command reads and acts on. */
export interface Clients {
  readonly codeDeploy: Sender;
  readonly codePipeline: Sender;
  readonly autoScaling: Sender;
  readonly elbv2: Sender;
  readonly cloudWatch: Sender;
}

export interface ClientOptions {
  /** `--region`, else the environment file's region, else the SDK's (AWS_REGION, the profile). */
  readonly region?: string;
  /** `--profile`, else the SDK's (AWS_PROFILE, then `default`). */
  readonly profile?: string;
}

/**
 * Real SDK clients. Credentials, profile, Region and endpoints are resolved by the SDK as the AWS CLI
 * does: the default credential chain (environment keys, SSO and shared profiles, container and
 * instance roles), AWS_PROFILE, AWS_REGION, and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
 * (AWS SDKs and Tools reference guide, "Service-specific endpoints"). Throttling is retried by the
 * SDK's adaptive retry mode.
 */
export function createClients(options: ClientOptions): Clients {
  const config = {
    region: options.region,
    profile: options.profile,
    retryMode: 'adaptive',
    maxAttempts: 5,
  };
  return {
    codeDeploy: new CodeDeployClient(config),
    codePipeline: new CodePipelineClient(config),
    autoScaling: new AutoScalingClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    cloudWatch: new CloudWatchClient(config),
  };
}
