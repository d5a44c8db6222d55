/** Resolves when a GET of `url` answers 2xx within two seconds: a readiness probe for HTTP servers. */
export async function answersGet(url: URL): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
}
