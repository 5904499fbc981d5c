/**
 * A CodePipeline stand-in for the operations command's tests: moto has no CodePipeline state API
 * (GetPipelineState, stage transitions). `send(command)` answers the real `@aws-sdk/client-codepipeline`
 * command instances and throws the SDK's own exception classes. The test decides what each stage's
 * latest execution is (`setStage`); the stand-in keeps the transitions `pause` and `resume` change.
 *
 * Each behaviour cites the CodePipeline API reference:
 * - GetPipelineState: "Returns information about the state of a pipeline, including the stages and
 *   actions"; per stage `inboundTransitionState` ("enabled", "disabledReason", "lastChangedBy",
 *   "lastChangedAt"), `latestExecution` ("pipelineExecutionId", "status") and `actionStates`
 *   (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GetPipelineState.html,
 *   API_StageState.html, API_TransitionState.html). The first stage has no inbound transition (the
 *   console shows none before the source stage; the get-pipeline-state example in the AWS CLI
 *   reference shows it on later stages only): inference.
 * - DisableStageTransition / EnableStageTransition: pipelineName, stageName, transitionType
 *   (Inbound | Outbound), and for Disable a `reason` of 1 to 300 characters matching
 *   `[a-zA-Z0-9!@ \(\)\.\*\?\-]+`; errors PipelineNotFoundException, StageNotFoundException and the
 *   common ValidationException
 *   (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_DisableStageTransition.html,
 *   API_EnableStageTransition.html, CommonErrors.html).
 *
 * Not modelled: executions themselves (the test sets each stage's latest execution), outbound
 * transitions, action states beyond status, summary and errorDetails.
 */
import {
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineStateCommand,
  PipelineNotFoundException,
  StageNotFoundException,
  ValidationException,
} from '@aws-sdk/client-codepipeline';

const meta = { $metadata: {} };

export interface StageExecution {
  readonly status: 'InProgress' | 'Failed' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Cancelled';
  readonly pipelineExecutionId: string;
  readonly actions?: Array<{
    readonly actionName: string;
    readonly status: 'InProgress' | 'Abandoned' | 'Succeeded' | 'Failed';
    readonly summary?: string;
    readonly errorMessage?: string;
  }>;
}

interface Stage {
  readonly name: string;
  transition?: { enabled: boolean; disabledReason?: string; lastChangedBy?: string; lastChangedAt?: Date };
  latest?: StageExecution;
}

export class CodePipelineStandIn {
  /** Every command received, by class name, in order (failed ones too). */
  public readonly calls: Array<{ command: string; input: any }> = [];
  private readonly pipelines = new Map<string, { created: Date; stages: Stage[] }>();

  /** A pipeline with these stages, none of which has run. */
  public createPipeline(name: string, stageNames: string[]): void {
    this.pipelines.set(name, {
      created: new Date(),
      stages: stageNames.map((n, i) => ({ name: n, transition: i === 0 ? undefined : { enabled: true } })),
    });
  }

  /** Sets the latest execution of a stage, as the pipeline would after running it. */
  public setStage(pipelineName: string, stageName: string, execution: StageExecution): void {
    this.stage(pipelineName, stageName).latest = execution;
  }

  /** The stage's inbound transition (undefined for the first stage). */
  public transition(pipelineName: string, stageName: string): Stage['transition'] {
    const t = this.stage(pipelineName, stageName).transition;
    return t ? { ...t } : undefined;
  }

  public async send(command: { input: any }): Promise<any> {
    const input = command.input;
    this.calls.push({ command: command.constructor.name, input });
    if (command instanceof GetPipelineStateCommand) {
      const p = this.pipeline(input.name);
      return {
        pipelineName: input.name,
        pipelineVersion: 1,
        created: p.created,
        updated: p.created,
        stageStates: p.stages.map((s) => ({
          stageName: s.name,
          inboundTransitionState: s.transition ? { ...s.transition } : undefined,
          latestExecution: s.latest
            ? { pipelineExecutionId: s.latest.pipelineExecutionId, status: s.latest.status }
            : undefined,
          actionStates: (s.latest?.actions ?? []).map((a) => ({
            actionName: a.actionName,
            latestExecution: {
              status: a.status,
              summary: a.summary,
              errorDetails: a.errorMessage ? { code: 'JobFailed', message: a.errorMessage } : undefined,
            },
          })),
        })),
      };
    }
    if (command instanceof DisableStageTransitionCommand || command instanceof EnableStageTransitionCommand) {
      const disable = command instanceof DisableStageTransitionCommand;
      if (!['Inbound', 'Outbound'].includes(input.transitionType)) {
        throw new ValidationException({ ...meta, message: `Invalid transitionType ${input.transitionType}` });
      }
      if (disable && !/^[a-zA-Z0-9!@ ().*?-]{1,300}$/.test(input.reason ?? '')) {
        throw new ValidationException({
          ...meta,
          message:
            "1 validation error detected: Value at 'reason' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+",
        });
      }
      if (input.transitionType === 'Outbound') {
        throw new Error('CodePipelineStandIn: Outbound is not modelled');
      }
      const stage = this.stage(input.pipelineName, input.stageName);
      if (!stage.transition) {
        throw new Error('CodePipelineStandIn: the first stage has no inbound transition');
      }
      stage.transition = disable
        ? {
            enabled: false,
            disabledReason: input.reason,
            lastChangedBy: 'comptastar-test',
            lastChangedAt: new Date(),
          }
        : { enabled: true, lastChangedBy: 'comptastar-test', lastChangedAt: new Date() };
      return {};
    }
    throw new Error(`CodePipelineStandIn: ${command.constructor.name} is not implemented`);
  }

  private pipeline(name: string) {
    const p = this.pipelines.get(name);
    if (!p) {
      throw new PipelineNotFoundException({
        ...meta,
        message: 'The pipeline was specified in an invalid format or cannot be found.',
      });
    }
    return p;
  }

  private stage(pipelineName: string, stageName: string): Stage {
    const stage = this.pipeline(pipelineName).stages.find((s) => s.name === stageName);
    if (!stage) {
      throw new StageNotFoundException({
        ...meta,
        message: 'The stage was specified in an invalid format or cannot be found.',
      });
    }
    return stage;
  }
}
