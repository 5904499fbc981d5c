import { PassThrough, Writable } from 'node:stream';

/** One scripted answer: when the screen shows `when`, type `send`. */
export interface Step {
  readonly when: RegExp;
  readonly send: string;
}

export const KEY = { enter: '\n', down: '\u001b[B', clearLine: '\u0015' };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Streams for inquirer that play a script of keystrokes: each step waits for its text on the
 * screen, then types. `transcript` holds everything drawn, for asserting what was (not) echoed.
 */
export function scriptedTerminal(steps: Step[]) {
  const input = new PassThrough();
  let screen = '';
  let next = 0;
  const state = {
    transcript: '',
    get remaining() {
      return steps.slice(next).map((s) => s.when.source);
    },
  };
  const output = new Writable({
    write(chunk, _encoding, callback) {
      const text = chunk.toString().replace(ANSI, '');
      screen += text;
      state.transcript += text;
      const step = steps[next];
      if (step && step.when.test(screen)) {
        next++;
        screen = '';
        setTimeout(() => input.write(step.send), 10);
      }
      callback();
    },
  });
  // Each prompt pipes into `output` and ends the pipe when done; like process.stdout, the terminal stays open.
  output.end = (() => output) as typeof output.end;
  return { context: { input, output }, state };
}
