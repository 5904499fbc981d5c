/**
 * The SDK v3 clients of the fleet's handler. They come from the Node.js 22 Lambda runtime (never
 * bundled), read `AWS_ENDPOINT_URL` and the region from the environment like every SDK v3 client,
 * and retry throttling with the adaptive retry mode.
 */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The clients the fleet uses; tests pass clients pointed at moto and the CodeDeploy simulator. */
export interface FleetClients {
  readonly autoScaling: AutoScalingClient;
  readonly cloudWatch: CloudWatchClient;
  readonly codeDeploy: CodeDeployClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly ssm: SSMClient;
}

/** Clients with adaptive retries (client-side rate limiting on throttling errors). */
export function defaultClients(): FleetClients {
  const config = { retryMode: 'adaptive', maxAttempts: 10 };
  return {
    autoScaling: new AutoScalingClient(config),
    cloudWatch: new CloudWatchClient(config),
    codeDeploy: new CodeDeployClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ssm: new SSMClient(config),
  };
}
