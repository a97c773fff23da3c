import { ResumeRequest } from '../../../shared/changes';
import { roomOf } from '../../live/audiences';
import type { CallerLimits } from '../../edge/caller-limits';
import type { LiveFeed } from '../../live/live-feed';
import type { Logger } from '../../log';
import type { TandemSocket } from '../types';

/**
 * The live-state conversation with one client: a snapshot on connect, or a replay when the
 * handshake says where the client was; `state:resume` after the client saw a gap. Each client
 * gets its audience's view (the wall's is redacted).
 */
export function registerStateHandlers(socket: TandemSocket, feed: LiveFeed, limits: CallerLimits, log: Logger): void {
  const audience = socket.data.audience;
  const room = roomOf(audience);
  const auth = socket.handshake.auth as { resumeFrom?: unknown; history?: unknown };
  const resumeFrom = ResumeRequest.safeParse({ seq: auth.resumeFrom, history: auth.history });

  const sendSnapshot = () =>
    feed.snapshotNow(audience, (d) => {
      void socket.join(room);
      socket.emit('state:snapshot', d.snapshot);
      if (d.catchUp) socket.emit('state:changes', d.catchUp);
    });

  const resume = ({ seq, history }: ResumeRequest) => {
    // A replay reads the stream for this socket alone; a screen asking again and again (or many
    // reconnecting at once) gets the snapshot, which is encoded once for everyone.
    if (!limits.allowReplay(socket.data.sessionId)) {
      log.debug('replays over the limit; sending the snapshot', { actor: socket.data.actor });
      sendSnapshot();
      return;
    }
    // Out of the live room while catching up, so live batches cannot arrive before the replay.
    void socket.leave(room);
    feed
      .catchUp(seq, history, audience, (result) => {
        if (!socket.connected) return;
        void socket.join(room);
        if (result.kind === 'batch') socket.emit('state:changes', result.batch);
        else {
          socket.emit('state:snapshot', result.snapshot);
          if (result.catchUp) socket.emit('state:changes', result.catchUp);
        }
      })
      .catch((err: unknown) => {
        log.warn('resume failed; sending a snapshot', err);
        if (socket.connected) sendSnapshot();
      });
  };

  if (resumeFrom.success) resume(resumeFrom.data);
  else sendSnapshot();

  socket.on('state:resume', (request: unknown) => {
    const parsed = ResumeRequest.safeParse(request);
    if (!parsed.success) {
      log.debug('ignored malformed state:resume', { socket: socket.id });
      return;
    }
    resume(parsed.data);
  });
}
