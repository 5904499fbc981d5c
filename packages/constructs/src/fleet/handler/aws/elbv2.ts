/** Elastic Load Balancing: which instances are healthy in the fleet's target group. */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsCallError } from './aws-call';
import { FleetClients } from './clients';
import { DesiredState } from '../desired-state';

/** Instances healthy in the fleet's target group; none when the target group is gone. */
export async function readHealthyTargets(clients: FleetClients, desired: DesiredState): Promise<string[]> {
  try {
    const out = await clients.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: desired.targetGroupArn }),
    );
    return (out.TargetHealthDescriptions ?? [])
      .filter((t) => t.TargetHealth?.State === 'healthy')
      .map((t) => t.Target!.Id!);
  } catch (err) {
    if ((err as Error)?.name === 'TargetGroupNotFoundException') {
      return [];
    }
    throw new AwsCallError(
      'elasticloadbalancing:DescribeTargetHealth',
      `target group ${desired.targetGroupName}`,
      err,
    );
  }
}
