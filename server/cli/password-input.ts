/**
 * How the admin CLI gets a password without it ever being a command-line argument (which `ps`,
 * /proc and shell history show to others): one line on stdin when stdin is not a terminal,
 * asked twice without echo when it is, or generated (--generate) and shown once.
 */
import { randomBytes } from 'node:crypto';

/** A refusal the CLI reports as is (exit code 1); nothing was changed. */
export class CliError extends Error {}

/** The input side: process.stdin, or a stand-in in tests. */
export interface PasswordInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

/** A password longer than this on stdin is not a password (the policy's own limit is lower). */
const MAX_LINE_BYTES = 4096;

/**
 * The first line of `input` (without its line ending), read until a newline or the end;
 * null when the input ends before anything was sent. Stops reading after that line.
 */
export function readFirstLine(input: NodeJS.ReadableStream): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let any = false;
    const finish = (fn: () => void) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      fn();
    };
    const text = () => Buffer.concat(chunks).toString('utf8');
    const onData = (chunk: Buffer | string) => {
      any = true;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const nl = buf.indexOf(0x0a);
      chunks.push(nl === -1 ? buf : buf.subarray(0, nl));
      size += nl === -1 ? buf.length : nl;
      if (size > MAX_LINE_BYTES)
        return finish(() => reject(new CliError(`the first line of stdin is over ${MAX_LINE_BYTES} bytes: send the password alone, on one line`)));
      if (nl !== -1) finish(() => resolve(text().replace(/\r$/, '')));
    };
    const onEnd = () => finish(() => resolve(any ? text().replace(/\r$/, '') : null));
    const onError = (err: Error) => finish(() => reject(new CliError(`cannot read stdin: ${err.message}`)));
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    input.resume();
  });
}

/**
 * Asks each question in turn on `output` and reads one line per question from a terminal in raw
 * mode, echoing nothing. Backspace edits, Ctrl-C or Ctrl-D on an empty line cancels. Lines
 * pasted at once are taken in order.
 */
export function askHidden(input: PasswordInput, output: NodeJS.WritableStream, questions: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const answers: string[] = [];
    let line: string[] = [];
    let escape = false; // inside an escape sequence (arrow keys...): ignored
    const finish = (fn: () => void) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (escape) {
          if (/[A-Za-z~]/.test(ch)) escape = false;
          continue;
        }
        if (ch === '\r' || ch === '\n') {
          answers.push(line.join(''));
          line = [];
          if (answers.length === questions.length) return finish(() => resolve(answers));
          output.write(`\n${questions[answers.length]}`);
        } else if (ch === '\u0003' || (ch === '\u0004' && line.length === 0)) {
          return finish(() => reject(new CliError('cancelled; nothing was changed')));
        } else if (ch === '\u007f' || ch === '\b') {
          line.pop();
        } else if (ch === '\u0015') {
          line = []; // Ctrl-U: start the line again
        } else if (ch === '\u001b') {
          escape = true;
        } else if (ch >= ' ') {
          line.push(ch);
        }
      }
    };
    input.setRawMode?.(true);
    output.write(questions[0] ?? '');
    input.on('data', onData);
    input.resume();
  });
}

/** A password of 24 characters from 18 random bytes. */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

export interface PasswordIo {
  stdin: PasswordInput;
  /** Where questions are asked (stderr, so stdout carries only results). */
  prompt: NodeJS.WritableStream;
}

/**
 * The password for `forWhom`, from where the operator chose: generated, stdin or a hidden prompt.
 * `how` finishes the sentence "pipe it: ..." with the command to run, for the error messages.
 */
export async function obtainPassword(
  forWhom: string,
  opts: { generate: boolean; how: string },
  io: PasswordIo = { stdin: process.stdin, prompt: process.stderr },
): Promise<{ password: string; generated: boolean }> {
  if (opts.generate) return { password: generatePassword(), generated: true };
  if (io.stdin.isTTY) {
    const [first, second] = await askHidden(io.stdin, io.prompt, [`New password for ${forWhom}: `, 'Type it again: ']);
    if (first !== second) throw new CliError('the two passwords differ; nothing was changed. Run the command again');
    return { password: first!, generated: false };
  }
  const line = await readFirstLine(io.stdin);
  if (line === null) {
    throw new CliError(
      `no password on stdin. Pipe it as one line: printf '%s\\n' '<password>' | ${opts.how}; or run the command at a terminal to be asked for it; or add --generate`,
    );
  }
  return { password: line, generated: false };
}
