import { AGENT } from './agent';

/**
 * The part of a lifecycle event's output the agent sends to CodeDeploy: entries are appended
 * ("LifecycleEvent - X", "Script - path", then "[stdout]"/"[stderr]" + each line) and after every
 * append the oldest entries are dropped by the agent's own rule (hook_executor.rb `ScriptLog`),
 * kept here as it is (it counts the entry before the one it examines, so the window is not
 * exactly the last 2048 characters, and an entry longer than the window empties it).
 */
export class ScriptLog {
  private entries: string[] = [];

  public append(entry: string): void {
    this.entries.push(entry);
    let index = this.entries.length;
    let remaining: number = AGENT.logWindow;
    while (index > 0 && remaining - this.entries[index - 1].length > 0) {
      index -= 1;
      // Ruby's log[-1] is the last entry when index reaches 0.
      remaining -= this.entries.at(index - 1)!.length;
    }
    if (index > 0) this.entries = this.entries.slice(index);
  }

  /** What CodeDeploy shows: the kept entries joined. */
  public get text(): string {
    return this.entries.join('');
  }
}
