/**
 * Parses the fleet's properties into a `DesiredState`.
 *
 * CloudFormation passes every scalar of a custom resource's properties as a string (numbers and
 * booleans included), so the handler parses them here, once, with errors that name the property.
 */
import { DesiredState, TAG_KEYS_ENV } from './desired-state';

/** Thrown when the properties do not describe a valid desired state. */
export class InvalidDesiredStateError extends Error {
  constructor(problems: string[]) {
    super(`Invalid fleet properties:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidDesiredStateError';
  }
}

/**
 * Parses the raw properties (strings from CloudFormation, or the same JSON with numbers from the
 * EventBridge rule's input) into a desired state.
 *
 * @throws InvalidDesiredStateError listing every problem
 */
export function parseDesiredState(raw: unknown): DesiredState {
  const p = new Parser();
  const o = p.object('properties', raw);
  // A state stored by an earlier release has no tag keys: the handler's own are the same keys.
  const tagKeys = p.object('tagKeys', o.tagKeys ?? tagKeysOfHandler());
  const dg = p.object('deploymentGroup', o.deploymentGroup);
  const state: DesiredState = {
    fleetId: p.string('fleetId', o.fleetId),
    tagKeys: {
      fleet: p.string('tagKeys.fleet', tagKeys.fleet),
      desiredConfig: p.string('tagKeys.desiredConfig', tagKeys.desiredConfig),
    },
    autoScalingGroupName: p.string('autoScalingGroupName', o.autoScalingGroupName),
    copyGroupPrefix: p.string('copyGroupPrefix', o.copyGroupPrefix),
    alarmNamePrefix: p.string('alarmNamePrefix', o.alarmNamePrefix),
    launchTemplateId: p.string('launchTemplateId', o.launchTemplateId),
    launchTemplateVersion: p.string('launchTemplateVersion', o.launchTemplateVersion),
    subnetIds: p.array('subnetIds', o.subnetIds).map((s, i) => p.string(`subnetIds[${i}]`, s)),
    targetGroupArn: p.string('targetGroupArn', o.targetGroupArn),
    targetGroupName: p.string('targetGroupName', o.targetGroupName),
    minSize: p.int('minSize', o.minSize, 0, 10_000),
    maxSize: p.int('maxSize', o.maxSize, 0, 10_000),
    desiredCapacity: p.int('desiredCapacity', o.desiredCapacity, 0, 10_000),
    healthCheckGracePeriodSeconds: p.int(
      'healthCheckGracePeriodSeconds',
      o.healthCheckGracePeriodSeconds,
      0,
      7200,
    ),
    tags: p.array('tags', o.tags).map((t, i) => {
      const tag = p.object(`tags[${i}]`, t);
      return {
        key: p.string(`tags[${i}].key`, tag.key),
        value: p.string(`tags[${i}].value`, tag.value, true),
      };
    }),
    policies: p.array('policies', o.policies).map((item, i) => {
      const f = (name: string) => `policies[${i}].${name}`;
      const x = p.object(`policies[${i}]`, item);
      return {
        policyName: p.string(f('policyName'), x.policyName),
        scalingAdjustment: p.int(f('scalingAdjustment'), x.scalingAdjustment, -100, 100),
        cooldownSeconds: p.int(f('cooldownSeconds'), x.cooldownSeconds, 0, 86_400),
        alarmName: p.string(f('alarmName'), x.alarmName),
        statistic: p.string(f('statistic'), x.statistic),
        threshold: p.number(f('threshold'), x.threshold),
        comparisonOperator: p.string(f('comparisonOperator'), x.comparisonOperator),
        periodSeconds: p.int(f('periodSeconds'), x.periodSeconds, 10, 86_400),
        evaluationPeriods: p.int(f('evaluationPeriods'), x.evaluationPeriods, 1, 100),
      };
    }),
    deploymentGroup: {
      applicationName: p.string('deploymentGroup.applicationName', dg.applicationName),
      deploymentGroupName: p.string('deploymentGroup.deploymentGroupName', dg.deploymentGroupName),
      serviceRoleArn: p.string('deploymentGroup.serviceRoleArn', dg.serviceRoleArn),
      terminationWaitMinutes: p.int(
        'deploymentGroup.terminationWaitMinutes',
        dg.terminationWaitMinutes,
        0,
        2880,
      ),
      rollbackAlarmNames: p
        .array('deploymentGroup.rollbackAlarmNames', dg.rollbackAlarmNames ?? [])
        .map((s, i) => p.string(`deploymentGroup.rollbackAlarmNames[${i}]`, s)),
    },
  };
  if (state.minSize > state.maxSize) {
    p.problems.push(`minSize (${state.minSize}) must not exceed maxSize (${state.maxSize})`);
  }
  if (state.desiredCapacity < state.minSize || state.desiredCapacity > state.maxSize) {
    p.problems.push(
      `desiredCapacity (${state.desiredCapacity}) must be between minSize (${state.minSize}) and maxSize (${state.maxSize})`,
    );
  }
  if (state.subnetIds.length === 0) {
    p.problems.push('subnetIds must list at least one subnet');
  }
  if (p.problems.length > 0) {
    throw new InvalidDesiredStateError(p.problems);
  }
  return state;
}

/** Collects problems instead of throwing at the first, so one error lists them all. */
class Parser {
  public readonly problems: string[] = [];

  public object(field: string, value: unknown): Record<string, any> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.push(`${field} must be an object (got ${JSON.stringify(value)})`);
      return {};
    }
    return value as Record<string, any>;
  }

  public array(field: string, value: unknown): unknown[] {
    if (!Array.isArray(value)) {
      this.problems.push(`${field} must be a list (got ${JSON.stringify(value)})`);
      return [];
    }
    return value;
  }

  public string(field: string, value: unknown, allowEmpty = false): string {
    if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
      this.problems.push(`${field} must be a non-empty string (got ${JSON.stringify(value)})`);
      return '';
    }
    return value;
  }

  public number(field: string, value: unknown): number {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      this.problems.push(`${field} must be a number (got ${JSON.stringify(value)})`);
      return Number.NaN;
    }
    return n;
  }

  public int(field: string, value: unknown, min: number, max: number): number {
    const n = this.number(field, value);
    if (!Number.isNaN(n) && (!Number.isInteger(n) || n < min || n > max)) {
      this.problems.push(`${field} is ${JSON.stringify(value)}; allowed: an integer from ${min} to ${max}`);
    }
    return n;
  }
}

/** The tag keys the construct gave the handler (TAG_KEYS_ENV), or undefined when it gave none. */
function tagKeysOfHandler(): unknown {
  const json = process.env[TAG_KEYS_ENV];
  return json ? JSON.parse(json) : undefined;
}
