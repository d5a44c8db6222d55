/**
 * Just enough of a browser for the sign-in flow without one: it keeps the provider's cookies
 * (one host, so paths are not told apart) and follows redirects by hand, stopping at the first
 * one that leaves the provider, which is where the console would take over.
 */
export class OidcBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly issuer: string) {}

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(new URL(url, this.issuer), { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1).trim());
    }
    return response;
  }

  /** Follows the provider's redirects from `response`; the answer is the last response and the URL that leaves the provider, if one does. */
  async follow(response: Response): Promise<{ response: Response; leftTo?: URL }> {
    let current = response;
    for (let hops = 0; hops < 10; hops += 1) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || location === null) return { response: current };
      const next = new URL(location, this.issuer);
      if (next.origin !== new URL(this.issuer).origin) return { response: current, leftTo: next };
      current = await this.request(next);
    }
    throw new Error('too many redirects at the OpenID provider');
  }
}
