/** Posts a form the way a browser does, without following the redirect. */
export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function validComment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    comment: 'Alibaba buying into Meizu makes sense: they need hardware for Aliyun OS.',
    author: 'Ada Reader',
    email: 'ada@example.com',
    url: '',
    ...overrides,
  };
}

/** The cookie header a browser would send back after this response. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .filter((c) => !c?.endsWith('='))
    .join('; ');
}
