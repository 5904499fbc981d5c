/**
 * moto with an SDK client for each service a fleet lives on: the base of the test worlds that play
 * CodeDeploy on moto (the fleet's in packages/constructs, the operations command's in packages/app,
 * and the simulator's own test).
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { MotoServer } from './moto-server';
import { CodeDeploySimulator } from '../codedeploy/codedeploy-simulator';
import { CodeDeploySimulatorOptions } from '../codedeploy/types';

/** Settings of the clients beyond moto's endpoint, Region and credentials. */
export interface MotoClientOptions {
  /** The SDK's retry mode, e.g. 'adaptive' as the fleet handler uses. @default the SDK's */
  readonly retryMode?: string;
}

export class MotoFleetServices {
  public readonly autoScaling: AutoScalingClient;
  public readonly cloudWatch: CloudWatchClient;
  public readonly ec2: EC2Client;
  public readonly elbv2: ElasticLoadBalancingV2Client;

  constructor(
    public readonly moto: MotoServer,
    options: MotoClientOptions = {},
  ) {
    const config = { ...moto.clientConfig, ...options };
    this.autoScaling = new AutoScalingClient(config);
    this.cloudWatch = new CloudWatchClient(config);
    this.ec2 = new EC2Client(config);
    this.elbv2 = new ElasticLoadBalancingV2Client(config);
  }

  /** A new CodeDeploy simulator on these clients. */
  public newCodeDeploySimulator(copy: CodeDeploySimulatorOptions['copy'] = {}): CodeDeploySimulator {
    return new CodeDeploySimulator({
      autoScaling: this.autoScaling,
      cloudWatch: this.cloudWatch,
      elbv2: this.elbv2,
      copy,
    });
  }

  /** Destroys the clients and stops moto. */
  public async stop(): Promise<void> {
    for (const client of [this.autoScaling, this.cloudWatch, this.ec2, this.elbv2]) client.destroy();
    await this.moto.stop();
  }
}
