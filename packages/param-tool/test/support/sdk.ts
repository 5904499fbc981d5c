import { SSMClient } from '@aws-sdk/client-ssm';

/** Counts HTTP attempts per command (inside the retry loop, so retries count too). */
export function countCalls(client: SSMClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName!, (counts.get(context.commandName!) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'countCalls' },
  );
  return counts;
}

/** What the throttling fault did. */
export interface ThrottleStats {
  attempts: number;
  throttled: number;
}

/**
 * Fails 1 in `every` PutParameter attempts with a ThrottlingException, as SSM does under load
 * (moto never throttles). Added at the deserialize step, inside the SDK's retry loop, so the
 * retry strategy sees the fault like a real one.
 */
export function injectThrottling(client: SSMClient, every: number): ThrottleStats {
  const stats: ThrottleStats = { attempts: 0, throttled: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutParameterCommand') {
        stats.attempts++;
        if (stats.attempts % every === 0) {
          stats.throttled++;
          throw Object.assign(new Error('Rate exceeded'), {
            name: 'ThrottlingException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectThrottling' },
  );
  return stats;
}
