import pg from 'pg';
import WebSocket from 'ws';
import { connectionOptions } from '../backend/src/db/pool.js';
import { startLocalStack } from '../backend/src/local/stack.js';
import { describeRate, measure, report } from './support/report.js';

/**
 * Realtime end to end: commit → frame received latency with 100 and 1,000 subscribers at 10
 * writes/s, the delivered/expected ratio, and insert throughput with the capture trigger against
 * the same table without it, at 1, 10 and 50 concurrent writers.
 */
const WRITES_PER_SECOND = 10;
const WRITE_SECONDS = 5;
const THROUGHPUT_SECONDS = 4;

const stack = await startLocalStack({ name: 'bench' });
const raw = new pg.Pool({ ...connectionOptions(stack.config.db), max: 50 });
try {
  await stack.app.db.query('CREATE TABLE public.feed (id serial PRIMARY KEY, body text)');
  await stack.app.db.query('CREATE TABLE public.feed_uncaptured (id serial PRIMARY KEY, body text)');
  await stack.app.db.query('DROP TRIGGER selfdb_capture ON public.feed_uncaptured');
  await stack.app.db.query(
    `INSERT INTO selfdb.table_policies (table_oid, table_name, select_rule, insert_rule, update_rule, delete_rule)
     VALUES ('public.feed'::regclass, 'feed', 'anon', 'anon', 'superuser', 'superuser')`,
  );
  stack.app.tableCatalog.invalidate();
  const wsUrl = `${stack.url.replace('http', 'ws')}/api/v1/realtime/ws?apikey=${stack.config.auth.anonKey}`;

  async function latency(subscribers: number) {
    const committedAt = new Map<number, number>();
    const latencies: number[] = [];
    const sockets = await Promise.all(
      Array.from(
        { length: subscribers },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(wsUrl);
            ws.on('message', (data) => {
              const frame = JSON.parse(data.toString());
              if (frame.type === 'connected') ws.send(JSON.stringify({ type: 'subscribe', channel: 'feed' }));
              else if (frame.type === 'subscribed') resolve(ws);
              else if (frame.channel === 'feed') {
                const sent = committedAt.get(frame.payload.new.id);
                if (sent !== undefined) latencies.push(performance.now() - sent);
              }
            });
            ws.once('error', reject);
          }),
      ),
    );
    const writes = WRITES_PER_SECOND * WRITE_SECONDS;
    for (let i = 0; i < writes; i++) {
      const res = await raw.query('INSERT INTO public.feed (body) VALUES ($1) RETURNING id', [`event ${i}`]);
      committedAt.set(res.rows[0].id, performance.now());
      await new Promise((r) => setTimeout(r, 1000 / WRITES_PER_SECOND));
    }
    const expected = writes * subscribers;
    const deadline = Date.now() + 10_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const ws of sockets) ws.close();
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
    return { p50: at(0.5), p99: at(0.99), ratio: latencies.length / expected };
  }

  const rows: Array<[string, string]> = [];
  for (const subscribers of [100, 1000]) {
    const result = await latency(subscribers);
    rows.push([
      `${subscribers} subscribers, ${WRITES_PER_SECOND} writes/s`,
      `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, delivered/expected ${result.ratio.toFixed(3)}`,
    ]);
  }
  for (const writers of [1, 10, 50]) {
    const captured = await measure(
      () => raw.query("INSERT INTO public.feed (body) VALUES ('x')"),
      writers,
      THROUGHPUT_SECONDS,
    );
    const plain = await measure(
      () => raw.query("INSERT INTO public.feed_uncaptured (body) VALUES ('x')"),
      writers,
      THROUGHPUT_SECONDS,
    );
    rows.push([`${writers} writers: with capture`, describeRate(captured, 'inserts/s')]);
    rows.push([`${writers} writers: without capture`, describeRate(plain, 'inserts/s')]);
    rows.push([
      `${writers} writers: ratio with / without`,
      (captured.perSecond / plain.perSecond).toFixed(2),
    ]);
  }
  report('realtime', rows);
} finally {
  await raw.end();
  await stack.stop();
}
