import {
  SSMClient,
  SSMClientConfig,
  PutParameterCommand,
  paginateDescribeParameters,
  paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import { fromIni } from '@aws-sdk/credential-providers';
import { PutRequest, Store, StoredParameter } from './store';

/** Where and as whom to call SSM. */
export interface SsmStoreOptions {
  /** @default - the SDK's chain (AWS_REGION, the profile's region) */
  readonly region?: string;
  /** A named profile of ~/.aws/config and ~/.aws/credentials. @default - the SDK's credential chain */
  readonly profile?: string;
  /** A custom endpoint (moto, LocalStack). @default - AWS_ENDPOINT_URL, else the Region's endpoint */
  readonly endpointUrl?: string;
  /** Attempts per call, throttled ones included. @default 10 (the CLI reads AWS_MAX_ATTEMPTS) */
  readonly maxAttempts?: number;
  /**
   * Least time between two writes, in milliseconds. PutParameter is throttled far below the
   * 40 TPS of reads (about 3 TPS reported), so writes are serial and paced; the adaptive retry
   * mode slows down further when SSM throttles anyway.
   * @default 300
   */
  readonly writeIntervalMs?: number;
}

/** SSM Parameter Store through the AWS SDK v3. */
export class SsmStore implements Store {
  public readonly client: SSMClient;
  private readonly writeIntervalMs: number;
  private lastWrite = 0;

  constructor(options: SsmStoreOptions = {}) {
    const config: SSMClientConfig = {
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts ?? 10,
    };
    if (options.region) config.region = options.region;
    if (options.endpointUrl) config.endpoint = options.endpointUrl;
    if (options.profile) {
      config.profile = options.profile;
      config.credentials = fromIni({ profile: options.profile });
    }
    this.client = new SSMClient(config);
    this.writeIntervalMs = options.writeIntervalMs ?? 300;
  }

  async listByPath(path: string): Promise<StoredParameter[]> {
    const result: StoredParameter[] = [];
    // The paginator follows NextToken until it is absent (pages may be empty yet carry a token).
    const pages = paginateGetParametersByPath(
      { client: this.client, pageSize: 10 },
      { Path: path, Recursive: false, WithDecryption: true },
    );
    for await (const page of pages) {
      for (const p of page.Parameters ?? []) {
        result.push({ name: p.Name!, value: p.Value ?? '', type: p.Type ?? 'String' });
      }
    }
    return result;
  }

  async listNames(path: string): Promise<string[]> {
    const names: string[] = [];
    // DescribeParameters returns metadata only, never values; its Path filter takes the options
    // OneLevel and Recursive (SSM API reference, ParameterStringFilter). The value is the path
    // without its trailing slash, as in the user guide's examples ("Searching for parameters").
    const pages = paginateDescribeParameters(
      { client: this.client, pageSize: 50 },
      { ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [path.replace(/\/$/, '')] }] },
    );
    for await (const page of pages) {
      for (const p of page.Parameters ?? []) names.push(p.Name!);
    }
    return names;
  }

  async put(request: PutRequest): Promise<void> {
    const wait = this.lastWrite + this.writeIntervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    try {
      await this.client.send(
        new PutParameterCommand({
          Name: request.name,
          Value: request.value,
          Type: request.type,
          Description: request.description,
          Overwrite: request.overwrite,
          Tags:
            request.tags && !request.overwrite
              ? Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }))
              : undefined,
        }),
      );
    } finally {
      this.lastWrite = Date.now();
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
