import { SsmType } from '../env-file/infer';

/** A parameter as read back from the store, value decrypted. */
export interface StoredParameter {
  /** Full name: `/dev/api/DATABASE_URL`. */
  readonly name: string;
  readonly value: string;
  readonly type: string;
}

/** One write. */
export interface PutRequest {
  readonly name: string;
  readonly value: string;
  readonly type: SsmType;
  readonly description: string;
  /** Replace an existing parameter. Without it, an existing parameter makes the write fail. */
  readonly overwrite: boolean;
  /** Sent only when creating (SSM rejects tags together with Overwrite). */
  readonly tags?: Record<string, string>;
}

/** The few calls param-tool needs from a parameter store, so commands run in memory in tests. */
export interface Store {
  /** Every parameter directly under `path` (which ends with `/`), decrypted, all pages read. */
  listByPath(path: string): Promise<StoredParameter[]>;
  /**
   * The names of the parameters directly under `path` (which ends with `/`), all pages read, and
   * nothing else: no value is read (`param-tool check`, the pipeline's pre-deploy check).
   */
  listNames(path: string): Promise<string[]>;
  /** Writes one parameter; rejects if it exists and `overwrite` is false. */
  put(request: PutRequest): Promise<void>;
}
