/**
 * Live row changes over SelfDB's realtime WebSocket (API.md §9): authenticate with the first frame
 * (the JWT when logged in, the anon key otherwise), subscribe by channel (= table name), and on a
 * dropped connection reconnect and resume with `since` so no change is lost.
 */

export type RowChange<T = Record<string, unknown>> = {
  table: string;
  event: 'INSERT' | 'UPDATE' | 'DELETE';
  new: T | null;
  old: T | null;
};

type ChannelFrame = {
  type?: string;
  channel?: string;
  event?: 'INSERT' | 'UPDATE' | 'DELETE';
  id?: number;
  payload?: { table: string; new: Record<string, unknown> | null; old: Record<string, unknown> | null };
  error?: string;
};

export type RealtimeStatus = 'connecting' | 'live' | 'offline';

export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private lastEventId: number | undefined;
  private closed = false;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly token: () => string,
    private readonly channels: string[],
    private readonly onChange: (change: RowChange) => void,
    private readonly onStatus: (status: RealtimeStatus) => void = () => {},
  ) {
    this.connect();
  }

  private connect(): void {
    this.onStatus('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'authenticate', token: this.token() }));
      // Frames are handled in order: subscribing before `connected` arrives is fine.
      for (const channel of this.channels) {
        const frame: Record<string, unknown> = { type: 'subscribe', channel, event: '*' };
        if (this.lastEventId !== undefined) frame.since = this.lastEventId;
        socket.send(JSON.stringify(frame));
      }
    };
    socket.onmessage = (message) => {
      let frame: ChannelFrame;
      try {
        frame = JSON.parse(String(message.data)) as ChannelFrame;
      } catch {
        return;
      }
      if (frame.type === 'connected') {
        this.retry = 0;
        this.onStatus('live');
      } else if (frame.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (frame.channel && frame.event && frame.payload) {
        if (typeof frame.id === 'number') {
          if (this.lastEventId !== undefined && frame.id <= this.lastEventId) return; // replayed twice
          this.lastEventId = frame.id;
        }
        this.onChange({
          table: frame.payload.table ?? frame.channel,
          event: frame.event,
          new: frame.payload.new,
          old: frame.payload.old,
        });
      }
    };
    socket.onclose = () => {
      if (this.closed) return;
      this.onStatus('offline');
      const delay = Math.min(10_000, 500 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }
}
