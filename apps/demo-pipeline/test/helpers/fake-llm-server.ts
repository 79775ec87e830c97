/**
 * A loopback HTTP server standing in for the OpenAI and Anthropic APIs.
 *
 * @rationale A real node:http server, not a mocked fetch
 *   why: the real SDK clients must be exercised end to end (URL building, headers, error classes,
 *     retry-after parsing), so the tests point them at this server with `baseURL`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Reply =
  | { status: 200; delayMs?: number; category?: string; headers?: Record<string, string> }
  | { status: number; delayMs?: number; headers?: Record<string, string>; body?: unknown }
  | { echoAuth: true; status: number };

export interface SeenRequest {
  at: number;
  path: string;
  authorization: string | undefined;
  apiKeyHeader: string | undefined;
  body: { model?: string; messages?: { role: string; content: string }[] };
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

function idsOf(body: SeenRequest['body']): string[] {
  const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
  return user
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Starts a server that answers request N with `script(N)` (0-based). */
export async function startFakeServer(script: (n: number, req: SeenRequest) => Reply): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      at: Date.now(),
      path: req.url ?? '',
      authorization: req.headers.authorization,
      apiKeyHeader: req.headers['x-api-key'] as string | undefined,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as SeenRequest['body'],
    };
    const n = requests.length;
    requests.push(seen);
    const reply = script(n, seen);
    if ('delayMs' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const anthropic = seen.path.includes('/messages');
    inFlight -= 1;
    if (res.destroyed) return;
    if ('echoAuth' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'authentication_error', message: `bad key: ${seen.authorization ?? seen.apiKeyHeader ?? ''}` } }));
      return;
    }
    const headers = { 'content-type': 'application/json', ...(reply.headers ?? {}) };
    if (reply.status !== 200) {
      res.writeHead(reply.status, headers);
      res.end(JSON.stringify('body' in reply && reply.body !== undefined ? reply.body : { error: { type: 'error', message: `status ${String(reply.status)}` } }));
      return;
    }
    const category = 'category' in reply && reply.category ? reply.category : 'books';
    const answer = JSON.stringify(Object.fromEntries(idsOf(seen.body).map((id) => [id, category])));
    res.writeHead(200, headers);
    res.end(
      JSON.stringify(
        anthropic
          ? {
              id: `msg_${String(n)}`,
              type: 'message',
              role: 'assistant',
              model: 'claude-3-5-haiku-20241022',
              content: [{ type: 'text', text: answer }],
              stop_reason: 'end_turn',
              stop_sequence: null,
              usage: { input_tokens: 90, output_tokens: 20, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 },
            }
          : {
              id: `chatcmpl-${String(n)}`,
              object: 'chat.completion',
              created: 0,
              model: 'gpt-4o-mini-2024-07-18',
              choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
              usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 10 } },
            },
      ),
    );
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
