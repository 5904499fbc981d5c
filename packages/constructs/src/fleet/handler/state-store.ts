/**
 * The fleet's one source of desired state: an SSM parameter that only CloudFormation requests
 * write (Create and Update write the properties they carry; Delete removes it) and that every run
 * reads, whatever triggered it. A deployment event delivered late, twice or retried carries no
 * state of its own, so it can never put an older state back.
 *
 * The parameter's version (SSM increments it on each write) tells a run that CloudFormation wrote
 * a newer state while it was working: the run then stops, and the newer writer converges.
 */
/* eslint-disable import/no-extraneous-dependencies -- bundled Lambda code: the Node.js 22 runtime provides the AWS SDK */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterTier,
  ParameterType,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AwsCallError } from './aws/aws-call';
import { DesiredState } from './desired-state';
import { parseDesiredState } from './parse-desired-state';

/** A desired state as stored, with the parameter version it was read at. */
export interface StoredState {
  readonly desired: DesiredState;
  readonly version: number;
}

/** Thrown when CloudFormation wrote a newer desired state while a run was applying an older one. */
export class SupersededError extends Error {
  constructor(parameterName: string, readVersion: number, currentVersion: number | undefined) {
    super(
      `the desired state in ${parameterName} changed during this run (version ${readVersion} -> ` +
        `${currentVersion ?? 'deleted'}); the run that wrote it converges the fleet`,
    );
    this.name = 'SupersededError';
  }
}

/** Reads and writes one fleet's desired state. */
export class StateStore {
  constructor(
    private readonly ssm: SSMClient,
    /** The parameter's name, `/fleet/<fleet id>/desired-state` (Naming.fleetStateParameterName). */
    public readonly parameterName: string,
  ) {}

  /** Writes the state CloudFormation sent; returns the new version. */
  public async write(desired: DesiredState): Promise<number> {
    const out = await this.call('ssm:PutParameter', () =>
      this.ssm.send(
        new PutParameterCommand({
          Name: this.parameterName,
          Description: `Desired state of fleet ${desired.fleetId}, written by CloudFormation through the fleet's custom resource`,
          Value: JSON.stringify(desired),
          Type: ParameterType.STRING,
          // Above 4 KB SSM needs the advanced tier; intelligent tiering picks it only then.
          Tier: ParameterTier.INTELLIGENT_TIERING,
          Overwrite: true,
        }),
      ),
    );
    return out.Version ?? 0;
  }

  /** The stored state, or undefined when the fleet has none (never created, or deleted). */
  public async read(): Promise<StoredState | undefined> {
    const parameter = await this.readParameter();
    if (!parameter) {
      return undefined;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(parameter.value);
    } catch (err) {
      throw new Error(
        `${this.parameterName} does not hold JSON (${(err as Error).message}); run \`cdk deploy\` again to rewrite it`,
      );
    }
    return { desired: parseDesiredState(raw), version: parameter.version };
  }

  /** Throws `SupersededError` unless the stored version is still `version`. */
  public async assertCurrent(version: number): Promise<void> {
    const current = (await this.readParameter())?.version;
    if (current !== version) {
      throw new SupersededError(this.parameterName, version, current);
    }
  }

  /** Removes the state (Delete); a missing parameter is fine. */
  public async delete(): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: this.parameterName }));
    } catch (err) {
      if ((err as Error)?.name !== 'ParameterNotFound') {
        throw new AwsCallError('ssm:DeleteParameter', `parameter ${this.parameterName}`, err);
      }
    }
  }

  private async readParameter(): Promise<{ value: string; version: number } | undefined> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: this.parameterName }));
      return { value: out.Parameter?.Value ?? '', version: out.Parameter?.Version ?? 0 };
    } catch (err) {
      if ((err as Error)?.name === 'ParameterNotFound') {
        return undefined;
      }
      throw new AwsCallError('ssm:GetParameter', `parameter ${this.parameterName}`, err);
    }
  }

  private async call<T>(api: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new AwsCallError(api, `parameter ${this.parameterName}`, err);
    }
  }
}
