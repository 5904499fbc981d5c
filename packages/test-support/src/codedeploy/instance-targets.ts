/** The green instances of a deployment as deployment targets, and their lifecycle events. */
import type { InstanceTarget, LifecycleErrorCode, LifecycleEvent } from '@aws-sdk/client-codedeploy';

/**
 * One failed lifecycle event as the CodeDeploy agent reports it (LifecycleEvent.diagnostics:
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_Diagnostics.html): "errorCode",
 * "scriptName", "message" and "logTail" ("The last portion of the diagnostic log. If available, CodeDeploy
 * returns up to the last 4 KB of the diagnostic log.").
 */
export interface LifecycleFailure {
  /** e.g. 'AfterInstall'. */
  readonly lifecycleEventName: string;
  /** @default 'ScriptFailed' */
  readonly errorCode?: LifecycleErrorCode;
  readonly scriptName: string;
  readonly message: string;
  readonly logTail: string;
  /** The green instance that failed. @default - the first green instance */
  readonly instanceId?: string;
}

/**
 * The lifecycle events of a green (replacement) instance in an EC2 blue/green deployment, in order
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html,
 * "Lifecycle event hooks availability": the replacement instances run these; the original ones run
 * BeforeBlockTraffic, BlockTraffic, AfterBlockTraffic).
 */
export const GREEN_LIFECYCLE_EVENTS = [
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;

/**
 * A green instance once provisioned: its hooks ran up to ValidateService; AllowTraffic comes with
 * moveTraffic.
 */
export function provisionedTarget(deploymentId: string, instanceId: string, region: string): InstanceTarget {
  return {
    deploymentId,
    targetId: instanceId,
    targetArn: `arn:aws:ec2:${region}:123456789012:instance/${instanceId}`,
    status: 'Ready',
    instanceLabel: 'Green',
    lastUpdatedAt: new Date(),
    lifecycleEvents: GREEN_LIFECYCLE_EVENTS.map((name, i) =>
      lifecycleEvent(
        name,
        i < GREEN_LIFECYCLE_EVENTS.indexOf('BeforeAllowTraffic') ? 'Succeeded' : 'Pending',
      ),
    ),
  };
}

/** The failed event with its diagnostics, the events before it Succeeded, those after it Skipped. */
export function failTarget(target: InstanceTarget, failure: LifecycleFailure): void {
  const at = target.lifecycleEvents!.findIndex((e) => e.lifecycleEventName === failure.lifecycleEventName);
  if (at < 0) throw new Error(`CodeDeploySimulator: unknown lifecycle event ${failure.lifecycleEventName}`);
  target.lifecycleEvents = target.lifecycleEvents!.map((e, i) => {
    if (i < at) return lifecycleEvent(e.lifecycleEventName!, 'Succeeded');
    if (i > at) return lifecycleEvent(e.lifecycleEventName!, 'Skipped');
    return {
      ...lifecycleEvent(e.lifecycleEventName!, 'Failed'),
      diagnostics: {
        errorCode: failure.errorCode ?? 'ScriptFailed',
        scriptName: failure.scriptName,
        message: failure.message,
        logTail: failure.logTail,
      },
    };
  });
  target.status = 'Failed';
  target.lastUpdatedAt = new Date();
}

/** Traffic moved: every event Succeeded. */
export function succeedTarget(target: InstanceTarget): void {
  target.lifecycleEvents = target.lifecycleEvents!.map((e) =>
    lifecycleEvent(e.lifecycleEventName!, 'Succeeded'),
  );
  target.status = 'Succeeded';
  target.lastUpdatedAt = new Date();
}

function lifecycleEvent(lifecycleEventName: string, status: LifecycleEvent['status']): LifecycleEvent {
  const done = status === 'Succeeded';
  return {
    lifecycleEventName,
    status,
    diagnostics: done
      ? { errorCode: 'Success', scriptName: '', message: 'Succeeded', logTail: '' }
      : undefined,
  };
}
