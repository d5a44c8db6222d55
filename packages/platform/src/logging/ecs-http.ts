/**
 * ECS fields of the request line's `req` (Fastify's request) and `res` (its reply), so Kibana's
 * HTTP views and filters (`http.response.status_code >= 500`) work. Chosen field by field instead
 * of ecs-pino-format's `convertReqRes`, which copies every request header, `Authorization` (a
 * bearer token) included, into the log. Each returns undefined for a value of another shape,
 * which then stays in the line as logged.
 */

/** ECS `http.request.*`, `url.*`, `client.*` (https://www.elastic.co/guide/en/ecs/current/ecs-http.html). */
export interface EcsRequest {
  readonly method: string;
  readonly url: { readonly original: string; readonly path: string; readonly query?: string };
  readonly clientIp?: string;
}

export function ecsRequestOf(req: unknown): EcsRequest | undefined {
  if (typeof req !== 'object' || req === null) return undefined;
  const { method, url, ip } = req as { method?: unknown; url?: unknown; ip?: unknown };
  if (typeof method !== 'string' || typeof url !== 'string') return undefined;
  const logged = withoutSecrets(url);
  const queryAt = logged.indexOf('?');
  const parts = queryAt < 0 ? { original: logged, path: logged } : { original: logged, path: logged.slice(0, queryAt), query: logged.slice(queryAt + 1) };
  // Fastify's `request.ip` honours TRUSTED_PROXIES, unlike the socket's address.
  return typeof ip === 'string' ? { method, url: parts, clientIp: ip } : { method, url: parts };
}

/** Query parameters that carry a credential: an OAuth authorization code (the console's sign-in return) and its state. */
const secretParameters = /([?&](?:code|state)=)[^&#]*/g;

/** The URL with those parameters' values replaced, so a sign-in's code never sits in a log. */
function withoutSecrets(url: string): string {
  return url.includes('?') ? url.replace(secretParameters, '$1[redacted]') : url;
}

/** ECS `http.response.status_code`. */
export function ecsStatusCodeOf(res: unknown): number | undefined {
  if (typeof res !== 'object' || res === null) return undefined;
  const { statusCode } = res as { statusCode?: unknown };
  return typeof statusCode === 'number' ? statusCode : undefined;
}
