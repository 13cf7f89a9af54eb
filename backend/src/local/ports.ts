import { createServer } from 'node:net';

/** Ports this process has handed out: the OS may offer a just-released port again. */
const handedOut = new Set<number>();

/**
 * A TCP port that is free on the loopback interface right now and that this process has not
 * handed out before (several are usually taken before any of them is listened on).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
