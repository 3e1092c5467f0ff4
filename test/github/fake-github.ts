/**
 * A local HTTP server standing in for the GitHub REST API's issue-comment endpoints (list with Link
 * pagination, create, update) and `GET /user`, with a switch that answers writes like a fork's
 * read-only token. Tokens have identities: `test-token` acts like the workflow's GITHUB_TOKEN (an
 * installation token: `GET /user` is refused, it comments as `github-actions[bot]`), `pat-token` like a
 * person's token (`octocat`). Comments record their author, as GitHub's do.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredComment {
  id: number;
  body: string;
  /** The author's login. Default (comments seeded by a test): `someone`. */
  user?: string;
}

/** Who a token acts as. */
export interface TokenIdentity {
  login: string;
  /** An installation token (GITHUB_TOKEN, GitHub App): `GET /user` answers 403. */
  integration: boolean;
}

export interface FakeGitHub {
  url: string;
  comments: Map<number, StoredComment[]>;
  requests: string[];
  readOnly: boolean;
  /** Valid tokens (the `Authorization: token <t>` value) and who they act as. */
  identities: Map<string, TokenIdentity>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = {
    comments: new Map(),
    requests: [],
    readOnly: false,
    identities: new Map([
      ['test-token', { login: 'github-actions[bot]', integration: true }],
      ['pat-token', { login: 'octocat', integration: false }],
    ]),
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      state.requests.push(`${request.method} ${url.pathname}`);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(JSON.stringify(body));
      };
      const forbidden = () =>
        json(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        });
      const identity = state.identities.get((request.headers.authorization ?? '').replace(/^token /, ''));
      if (identity === undefined) return json(401, { message: 'Bad credentials' });
      const userOf = (login: string) => ({ login, type: login.endsWith('[bot]') ? 'Bot' : 'User' });
      if (url.pathname === '/user' && request.method === 'GET')
        return identity.integration ? forbidden() : json(200, { ...userOf(identity.login), id: 1 });
      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const htmlUrl = (owner: string, repo: string, issue: number, id: number) =>
        `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`;
      if (list && request.method === 'GET') {
        const issue = Number(list[3]);
        const all = state.comments.get(issue) ?? [];
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(
            url.href.replace(
              'http://localhost',
              `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            ),
          );
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.href}>; rel="next"`;
        }
        return json(
          200,
          slice.map((c) => ({
            id: c.id,
            body: c.body,
            user: userOf(c.user ?? 'someone'),
            html_url: htmlUrl(list[1]!, list[2]!, issue, c.id),
          })),
          headers,
        );
      }
      if (list && request.method === 'POST') {
        if (state.readOnly) return forbidden();
        const body = await readBody(request);
        const issue = Number(list[3]);
        const comment = { id: nextId++, body: String(body['body']), user: identity.login };
        state.comments.set(issue, [...(state.comments.get(issue) ?? []), comment]);
        return json(201, { ...comment, html_url: htmlUrl(list[1]!, list[2]!, issue, comment.id) });
      }
      if (one && request.method === 'PATCH') {
        if (state.readOnly) return forbidden();
        const body = await readBody(request);
        for (const [issue, comments] of state.comments) {
          const found = comments.find((c) => c.id === Number(one[3]));
          if (found) {
            found.body = String(body['body']);
            return json(200, { ...found, html_url: htmlUrl(one[1]!, one[2]!, issue, found.id) });
          }
        }
        return json(404, { message: 'Not Found' });
      }
      return json(404, { message: 'Not Found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
