import { DEMO_PASSWORD_DEFAULT } from '../platform/config.ts';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client with a cookie jar of one session, as one browser would have. */
export class TestClient {
  cookie = '';

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { raw?: string; contentType?: string; headers?: Record<string, string>; consoleHeader?: boolean } = {},
  ): Promise<Reply<T>> {
    // As the console's api.ts does: its own header on every request (CSRF, see platform/origin.ts).
    const headers: Record<string, string> = options.consoleHeader === false ? {} : { 'x-kefu-request': '1' };
    Object.assign(headers, options.headers);
    if (this.cookie) headers.cookie = this.cookie;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload ?? null });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('kefu.sid='));
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value === 'kefu.sid=' ? '' : value;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  async login(username: string, password = DEMO_PASSWORD_DEFAULT): Promise<this> {
    const reply = await this.post('/api/auth/login', { username, password });
    if (reply.status !== 200) throw new Error(`login as ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return this;
  }
}

export async function loggedIn(baseUrl: string, username: string, password?: string): Promise<TestClient> {
  return new TestClient(baseUrl).login(username, password);
}
