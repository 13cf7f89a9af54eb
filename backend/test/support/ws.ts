import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';

export type Frame = Record<string, unknown>;

/** A realtime client for tests: sends JSON frames and waits for the frames or the close it expects. */
export class TestSocket {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.#wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.#wake();
    });
  }

  static async open(app: FastifyInstance, query = ''): Promise<TestSocket> {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime/ws${query}`);
    // Listen before the socket opens: the server may speak first (query-string authentication).
    const socket = new TestSocket(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return socket;
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Waits for the first frame (received so far or later) matching `match`, and removes it. */
  async next(match: (frame: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    return this.#until(
      () => {
        const index = this.frames.findIndex(match);
        return index < 0 ? undefined : this.frames.splice(index, 1)[0];
      },
      timeoutMs,
      'frame',
    );
  }

  /** Waits until `count` frames matching `match` arrived, and removes them. */
  async take(count: number, match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame[]> {
    return this.#until(
      () => {
        const matching = this.frames.filter(match);
        if (matching.length < count) return undefined;
        const taken = matching.slice(0, count);
        for (const frame of taken) this.frames.splice(this.frames.indexOf(frame), 1);
        return taken;
      },
      timeoutMs,
      `${count} frames`,
    );
  }

  async closed(timeoutMs = 15_000): Promise<number> {
    return this.#until(() => this.closeCode, timeoutMs, 'close');
  }

  async authenticate(token: string): Promise<Frame> {
    this.send({ type: 'authenticate', token });
    return this.next((f) => f.type === 'connected' || f.type === 'error');
  }

  close(): void {
    this.ws.close();
  }

  #wake(): void {
    for (const waiter of this.#waiters) waiter();
  }

  #until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return false;
        this.#waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(attempt);
        reject(
          new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 500)}`),
        );
      }, timeoutMs);
      if (!attempt()) this.#waiters.add(attempt);
    });
  }
}
