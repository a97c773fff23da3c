import { describe, expect, it, vi } from 'vitest';
import { createCommands, NO_ANSWER, NOT_CONNECTED, type CommandSocket } from '../../client/src/lib/command-sender';

/** A socket stand-in: `answer` decides what emitWithAck resolves or rejects with. */
function fakeSocket(connected: boolean, answer: () => Promise<unknown>) {
  const emitWithAck = vi.fn((_event: string, _payload: unknown) => answer());
  const timeout = vi.fn((_ms: number) => ({ emitWithAck }));
  return { socket: { connected, timeout } as unknown as CommandSocket, emitWithAck, timeout };
}

const CMD = { callId: 'c1', text: 'hello' };

describe('board commands over the socket', () => {
  it('sends the command with a timeout and hands back the server acknowledgement', async () => {
    const ack = { ok: true, data: { id: 'c1' } };
    const { socket, emitWithAck, timeout } = fakeSocket(true, async () => ack);
    const result = await createCommands(socket, 1234).send('call:note', CMD);
    expect(result).toEqual(ack);
    expect(timeout).toHaveBeenCalledWith(1234);
    expect(emitWithAck).toHaveBeenCalledWith('call:note', CMD);
  });

  it('passes a refusal through with the server words', async () => {
    const refusal = { ok: false, error: { code: 'conflict', message: 'unit CR4 was changed by supervisor 3 s ago' } };
    const { socket } = fakeSocket(true, async () => refusal);
    expect(await createCommands(socket).send('call:note', CMD)).toEqual(refusal);
  });

  it('turns a timeout (or a drop mid-flight) into a plain "no answer" error', async () => {
    const { socket } = fakeSocket(true, async () => {
      throw new Error('operation has timed out');
    });
    expect(await createCommands(socket).send('call:note', CMD)).toEqual({ ok: false, error: { code: 'unavailable', message: NO_ANSWER } });
  });

  it('sends nothing while offline: a buffered command would run later on a view nobody sees', async () => {
    const { socket, emitWithAck } = fakeSocket(false, async () => ({ ok: true, data: null }));
    expect(await createCommands(socket).send('call:note', CMD)).toEqual({ ok: false, error: { code: 'unavailable', message: NOT_CONNECTED } });
    expect(emitWithAck).not.toHaveBeenCalled();
  });

  it('refuses an answer that is not a tagged acknowledgement', async () => {
    const { socket } = fakeSocket(true, async () => 'ok');
    const result = await createCommands(socket).send('call:note', CMD);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('internal');
  });
});
