/**
 * The world `comptastar` runs against in tests: moto (Auto Scaling, CloudWatch, EC2, ELBv2) on a
 * loopback port, the constructs' CodeDeploy simulator played on it, and the CodePipeline stand-in.
 * `reset()` builds the dev environment as the fleet leaves it before the first deployment: per app
 * the first Auto Scaling group, the target group, the rollback alarms and the blue/green deployment
 * group, and the pipeline's three stages, all named by the same configuration the stacks use.
 */
import { CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateDeploymentGroupCommand, RevisionLocation } from '@aws-sdk/client-codedeploy';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { Fleet } from '@comptastar/constructs';
// The library's internals the fleet itself uses: the resolved configuration and the deployment
// group request, so that this world follows them instead of a copy.
import { ServiceConfigs } from '@comptastar/constructs/lib/config/resolved-service-config';
import { createDeploymentGroupInput } from '@comptastar/constructs/lib/fleet/handler/aws/codedeploy';
import { deploymentGroupConfig } from '@comptastar/constructs/lib/fleet/handler/plan';
import {
  CodeDeploySimulator,
  createFleetPrerequisites,
  MotoFleetServices,
  MotoServer,
  startMoto,
} from '@comptastar/test-support';
import { CodePipelineStandIn } from './codepipeline-standin';
import { loadEnvironments, LoadedEnvironment } from '../../../src/load-environments';
import { run, OpsDeps } from '../../../src/ops/cli';
import type { ClientOptions, Clients } from '../../../src/ops/clients';

export const ENV = 'dev';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class OpsWorld extends MotoFleetServices {
  public static async start(): Promise<OpsWorld> {
    return new OpsWorld(await startMoto());
  }

  public readonly environments: LoadedEnvironment[] = loadEnvironments();
  public readonly dev: LoadedEnvironment;
  public codeDeploy!: CodeDeploySimulator;
  public codePipeline!: CodePipelineStandIn;
  /** The options each run asked clients for. */
  public readonly clientOptions: ClientOptions[] = [];
  /** Questions asked by rollback, and the answer the next one gets. */
  public readonly questions: string[] = [];
  public answer = true;

  private constructor(moto: MotoServer) {
    super(moto);
    this.dev = this.environments.find((e) => e.config.environment === ENV)!;
  }

  /** Empties moto and builds the dev environment before its first deployment. */
  public async reset(): Promise<void> {
    await this.moto.reset();
    this.clientOptions.length = 0;
    this.questions.length = 0;
    this.answer = true;
    this.codeDeploy = this.newCodeDeploySimulator();
    this.codePipeline = new CodePipelineStandIn();
    const naming = this.dev.naming;
    this.codePipeline.createPipeline(naming.environmentResourceNames().pipeline, [
      'Source',
      'Build',
      'Deploy',
    ]);
    for (const app of this.dev.apps) {
      const name = app.appName;
      const names = naming.appResourceNames(name);
      // The app as the library resolves it (defaults applied), as the stack builds it.
      const config = ServiceConfigs.resolve(naming, app);
      // What the stack deploys beyond the names operations tooling looks up, named as deployed
      // (each starts with the app's alarm prefix, `${project}-${environment}-${app}-`).
      const firstGroup = `${names.alarmPrefix}asg`;
      const alarms = [`${names.alarmPrefix}target-5xx`, `${names.alarmPrefix}unhealthy-hosts`];
      const ground = await createFleetPrerequisites(this, {
        launchTemplateName: `${names.alarmPrefix}lt`,
        instanceTypes: [config.instanceType],
        targetGroupName: names.targetGroup,
        port: config.port,
      });
      await this.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: firstGroup,
          LaunchTemplate: { LaunchTemplateId: ground.launchTemplateId, Version: '1' },
          MinSize: config.scaling.minCapacity,
          MaxSize: config.scaling.maxCapacity,
          DesiredCapacity: config.scaling.desiredCapacity,
          VPCZoneIdentifier: ground.subnetIds.join(','),
        }),
      );
      for (const alarm of alarms) {
        await this.cloudWatch.send(
          new PutMetricAlarmCommand({
            AlarmName: alarm,
            Namespace: 'AWS/ApplicationELB',
            MetricName: alarm.endsWith('5xx') ? 'HTTPCode_Target_5XX_Count' : 'UnHealthyHostCount',
            Statistic: 'Sum',
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          }),
        );
      }
      this.codeDeploy.createApplication(names.codeDeployApplication);
      // The fleet's own settings (the handler's builder and request), so that these tests follow them.
      const deploymentGroup = {
        applicationName: names.codeDeployApplication,
        deploymentGroupName: names.deploymentGroup,
        serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy-service-role',
        terminationWaitMinutes: Fleet.DEFAULT_TERMINATION_WAIT.toMinutes(),
        rollbackAlarmNames: alarms,
      };
      const settings = deploymentGroupConfig(
        { deploymentGroup, targetGroupName: names.targetGroup },
        firstGroup,
      );
      await this.codeDeploy.send(
        new CreateDeploymentGroupCommand(createDeploymentGroupInput(deploymentGroup, settings)),
      );
    }
  }

  /** A deployment of `app` carrying an S3 revision named after `revision`, played to its end. */
  public async deploy(app: string, revision: string) {
    const d = await this.start(app, revision);
    await d.provisionGreen();
    await d.moveTraffic();
    await d.finish();
    return d;
  }

  /** A deployment of `app` started with an S3 revision named after `revision`. */
  public async start(app: string, revision: string) {
    const names = this.dev.naming.appResourceNames(app);
    return this.codeDeploy.startDeployment(names.codeDeployApplication, names.deploymentGroup, {
      revision: revisionOf(revision),
    });
  }

  /** The instance ids registered in an app's target group, sorted. */
  public async registered(app: string): Promise<string[]> {
    const arn = (
      await this.elbv2.send(
        new DescribeTargetGroupsCommand({ Names: [this.dev.naming.appResourceNames(app).targetGroup] }),
      )
    ).TargetGroups![0].TargetGroupArn;
    const out = await this.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    return (out.TargetHealthDescriptions ?? []).map((d) => d.Target!.Id!).sort();
  }

  /** Runs `comptastar <args>` in-process against this world. */
  public async run(...args: string[]): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    const deps: OpsDeps = {
      environments: () => this.environments,
      clients: (options) => {
        this.clientOptions.push(options);
        return this.clients();
      },
      confirm: async (message) => {
        this.questions.push(message);
        return this.answer;
      },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    };
    const code = await run(['node', 'comptastar', ...args], deps);
    return { code, stdout, stderr };
  }

  public clients(): Clients {
    return {
      codeDeploy: this.codeDeploy,
      codePipeline: this.codePipeline,
      autoScaling: this.autoScaling,
      elbv2: this.elbv2,
      cloudWatch: this.cloudWatch,
    };
  }
}

/** The S3 revision the pipeline's CodeDeploy action would deploy (artifact bucket, zip). */
export function revisionOf(name: string): RevisionLocation {
  return {
    revisionType: 'S3',
    s3Location: {
      bucket: 'comptastar-dev-artifacts',
      key: `comptastar-dev-pipeline/api_revisi/${name}`,
      bundleType: 'zip',
      eTag: `etag-${name}`,
    },
  };
}
