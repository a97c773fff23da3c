import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHidden, CliError, obtainPassword, readFirstLine, type PasswordInput } from '../../server/cli/password-input';

/** A stand-in terminal: raw mode is recorded, typed keys are written to it. */
function terminal(): PassThrough & PasswordInput & { raw: boolean[] } {
  const t = new PassThrough() as PassThrough & PasswordInput & { raw: boolean[] };
  t.isTTY = true;
  t.raw = [];
  t.setRawMode = (on: boolean) => t.raw.push(on);
  return t;
}

function output(): PassThrough & { text: () => string } {
  const o = new PassThrough() as PassThrough & { text: () => string };
  let text = '';
  o.on('data', (d: Buffer) => (text += d.toString()));
  o.text = () => text;
  return o;
}

describe('the admin CLI reads a password from stdin (not a terminal)', () => {
  it('takes the first line, without its line ending, spaces kept', async () => {
    const input = new PassThrough();
    const line = readFirstLine(input);
    input.write(' a long pass');
    input.write('phrase \r\nsecond line\n');
    expect(await line).toBe(' a long passphrase ');
  });

  it('takes a last line with no newline, and says null for an empty stdin', async () => {
    const a = new PassThrough();
    const first = readFirstLine(a);
    a.end('no newline at the end');
    expect(await first).toBe('no newline at the end');
    const b = new PassThrough();
    const none = readFirstLine(b);
    b.end();
    expect(await none).toBeNull();
  });

  it('refuses a first line that cannot be a password', async () => {
    const input = new PassThrough();
    const line = readFirstLine(input);
    input.write('x'.repeat(10_000));
    await expect(line).rejects.toThrow(/first line of stdin is over 4096 bytes/);
  });

  it('obtainPassword: stdin when it is not a terminal; --generate makes 24 characters without reading', async () => {
    const stdin = new PassThrough();
    const got = obtainPassword('dana', { generate: false, how: 'npm run admin -- add-user dana dispatcher' }, { stdin, prompt: output() });
    stdin.end('piped passphrase!\n');
    expect(await got).toEqual({ password: 'piped passphrase!', generated: false });

    const empty = new PassThrough();
    const refused = obtainPassword('dana', { generate: false, how: 'npm run admin -- add-user dana dispatcher' }, { stdin: empty, prompt: output() });
    empty.end();
    await expect(refused).rejects.toThrow(
      /no password on stdin\. Pipe it as one line: printf '%s\\n' '<password>' \| npm run admin -- add-user dana dispatcher/,
    );

    const made = await obtainPassword('dana', { generate: true, how: '' }, { stdin: new PassThrough(), prompt: output() });
    expect(made.generated).toBe(true);
    expect(made.password).toMatch(/^[\w-]{24}$/);
  });
});

describe('the admin CLI asks for a password at a terminal', () => {
  it('asks twice in raw mode, echoes nothing typed, and handles backspace and escape sequences', async () => {
    const tty = terminal();
    const out = output();
    const got = obtainPassword('dana', { generate: false, how: '' }, { stdin: tty, prompt: out });
    tty.write('long passphraXX\u007f\u007fse\u001b[D!\r');
    tty.write('long passphrase!\r');
    expect(await got).toEqual({ password: 'long passphrase!', generated: false });
    expect(out.text()).toBe('New password for dana: \nType it again: \n');
    expect(tty.raw).toEqual([true, false]); // the terminal is given back as it was
  });

  it('refuses two answers that differ, and a Ctrl-C, changing nothing', async () => {
    const tty = terminal();
    const differ = obtainPassword('dana', { generate: false, how: '' }, { stdin: tty, prompt: output() });
    tty.write('long passphrase 1\rlong passphrase 2\r'); // pasted at once: taken in order
    await expect(differ).rejects.toThrow(/the two passwords differ; nothing was changed/);

    const tty2 = terminal();
    const cancelled = askHidden(tty2, output(), ['Password: ']);
    tty2.write('long\u0003');
    await expect(cancelled).rejects.toBeInstanceOf(CliError);
    await expect(cancelled).rejects.toThrow('cancelled; nothing was changed');
    expect(tty2.raw).toEqual([true, false]);
  });
});
