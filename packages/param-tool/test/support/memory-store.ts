import { PutRequest, Store, StoredParameter } from '../../src/store/store';

/** A store in memory, with the SSM behaviours the commands rely on (create-only without overwrite). */
export class MemoryStore implements Store {
  public readonly parameters = new Map<
    string,
    StoredParameter & { tags: Record<string, string>; version: number }
  >();
  /** Every put, in order (failed ones included). */
  public readonly puts: PutRequest[] = [];
  /** When set, the put for this name fails (to test partial runs). */
  public failOn?: (request: PutRequest) => Error | undefined;

  async listByPath(path: string): Promise<StoredParameter[]> {
    return [...this.parameters.values()]
      .filter((p) => p.name.startsWith(path) && !p.name.slice(path.length).includes('/'))
      .map(({ name, value, type }) => ({ name, value, type }));
  }

  async listNames(path: string): Promise<string[]> {
    return (await this.listByPath(path)).map((p) => p.name);
  }

  async put(request: PutRequest): Promise<void> {
    this.puts.push(request);
    const failure = this.failOn?.(request);
    if (failure) throw failure;
    const existing = this.parameters.get(request.name);
    if (existing && !request.overwrite) {
      throw Object.assign(new Error('The parameter already exists.'), { name: 'ParameterAlreadyExists' });
    }
    if (existing && request.tags) {
      throw Object.assign(new Error("tags and overwrite can't be used together"), {
        name: 'ValidationException',
      });
    }
    this.parameters.set(request.name, {
      name: request.name,
      value: request.value,
      type: request.type,
      tags: existing?.tags ?? request.tags ?? {},
      version: (existing?.version ?? 0) + 1,
    });
  }
}
