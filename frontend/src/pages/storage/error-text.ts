import { describeError } from '../../api/client';

/** An error as one line for a toast: the API's message, then its code. */
export function errorText(error: unknown): string {
  const { message, code } = describeError(error);
  return code ? `${message} (${code})` : message;
}
