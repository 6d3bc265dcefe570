import { addModerator } from '../../src/services/moderator-auth.js';
import type { TestSite } from './site.js';

export const moderatorPassword = 'correct horse battery staple';

function cookieJar(headers: Headers, jar: Map<string, string>) {
  for (const cookie of headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (!name) continue;
    if (value.join('=') === '' || /Expires=Thu, 01 Jan 1970/.test(cookie)) jar.delete(name);
    else jar.set(name, value.join('='));
  }
}

/** A moderator's HTTP session: cookies kept between requests, the CSRF token read off the page. */
export class ModeratorClient {
  readonly jar = new Map<string, string>();
  csrf = '';
  constructor(
    readonly site: TestSite,
    readonly headers: Record<string, string> = {},
  ) {}

  get cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(`${this.site.url}${path}`, { redirect: 'manual', headers: { ...this.headers, cookie: this.cookie } });
    cookieJar(res.headers, this.jar);
    return res;
  }

  async page(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
    return html;
  }

  async post(path: string, fields: Record<string, string | string[]>, withCsrf = true): Promise<Response> {
    const body = new URLSearchParams();
    if (withCsrf) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    const res = await fetch(`${this.site.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.headers, cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    cookieJar(res.headers, this.jar);
    return res;
  }

  async signIn(username: string, password = moderatorPassword): Promise<Response> {
    await this.page('/moderation/login');
    const res = await this.post('/moderation/login', { username, password });
    if (res.status === 303) await this.page('/moderation');
    return res;
  }
}

export async function signedInModerator(site: TestSite, username = 'mod'): Promise<ModeratorClient> {
  if (!site.deps.moderators.findByUsername(username)) await addModerator(site.deps, username, moderatorPassword, site.clock.now());
  const client = new ModeratorClient(site);
  const res = await client.signIn(username);
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return client;
}
