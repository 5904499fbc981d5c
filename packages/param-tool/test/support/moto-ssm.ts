import { SSMClient } from '@aws-sdk/client-ssm';
import { MOTO_ENV, MotoServer, startMoto } from '@comptastar/test-support';

/** moto for one test file and an SSM client on it (read them inside tests and hooks). */
export interface MotoSsm {
  readonly moto: MotoServer;
  readonly ssm: SSMClient;
}

/**
 * Registers the file's hooks: moto starts before its tests (with the SDK's environment pointed at
 * it), is emptied before each test unless `reset` is false, and stops after them.
 */
export function useMotoSsm(options: { reset?: boolean } = {}): MotoSsm {
  let moto: MotoServer | undefined;
  let ssm: SSMClient | undefined;
  beforeAll(async () => {
    Object.assign(process.env, MOTO_ENV);
    moto = await startMoto();
    ssm = new SSMClient(moto.clientConfig);
  });
  afterAll(async () => {
    ssm?.destroy();
    await moto?.stop();
  });
  if (options.reset ?? true) beforeEach(() => moto!.reset());
  return {
    get moto() {
      return moto!;
    },
    get ssm() {
      return ssm!;
    },
  };
}
