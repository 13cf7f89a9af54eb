import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type LocalStack, startLocalStack } from '../../../../backend/src/local/stack.js';

export { freePort } from '../../../../backend/src/local/ports.js';

export type Stack = LocalStack & {
  /** SelfDB's .env for this stack, as setup.sh reads it. */
  envFile: string;
};

/**
 * A whole native SelfDB (backend/src/local/stack.ts) whose API allows the served app's browser
 * origin, with its settings written to a `.env` file for setup.sh.
 */
export async function startStack(corsOrigin: string): Promise<Stack> {
  const stack = await startLocalStack({ name: 'board', env: { CORS_ORIGINS: corsOrigin } });
  const envFile = path.join(stack.root, 'selfdb.env');
  const lines = Object.entries(stack.env).map(([key, value]) => `${key}=${value}`);
  await writeFile(envFile, `${lines.join('\n')}\n`);
  return { ...stack, envFile };
}
