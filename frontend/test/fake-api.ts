import { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

export type Handler = (config: InternalAxiosRequestConfig) => { status: number; data?: unknown };

/**
 * An axios adapter answering from `handler`, with a delay so that requests overlap as they do
 * in a browser. Like axios' own adapters, it rejects non-2xx answers with an AxiosError.
 */
export function fakeAdapter(handler: Handler, delayMs = 5) {
  const calls: InternalAxiosRequestConfig[] = [];
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    calls.push(config);
    await new Promise((r) => setTimeout(r, delayMs));
    const { status, data } = handler(config);
    const response: AxiosResponse = { data, status, statusText: String(status), headers: {}, config };
    if (status >= 200 && status < 300) return response;
    throw new AxiosError(
      `Request failed with status code ${status}`,
      'ERR_BAD_RESPONSE',
      config,
      null,
      response,
    );
  };
  return { adapter, calls };
}

export function bearer(config: InternalAxiosRequestConfig): string {
  return String(config.headers.get('Authorization') ?? '');
}
