import { Store } from '../store/store';

/** The streams inquirer reads keys from and draws prompts on. */
export interface PromptContext {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

/** What a command needs from the outside world; tests give their own. */
export interface CommandContext {
  readonly store: Store;
  /** Results (tables, file contents). */
  readonly out: (text: string) => void;
  /** Progress and notes: kept apart so `pull` can write the file to stdout. */
  readonly log: (text: string) => void;
  readonly prompt: PromptContext;
  /** False when nobody can answer a prompt (stdin is not a terminal): ask for --yes instead of hanging. */
  readonly canPrompt: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Options every mode shares. */
export interface CommonOptions {
  readonly env?: string;
  readonly app?: string[];
  readonly file?: string;
  readonly json?: boolean;
  readonly overwrite?: boolean;
  readonly yes?: boolean;
}
