/**
 * The response headers of everything under /console. The page has no inline script or style and
 * loads nothing from elsewhere, so the policy allows its own origin only, plus the OpenID provider:
 * the page fetches its discovery document and token endpoint (`connect-src`) and is sent to its
 * sign-in page (`form-action` for a form post; a top-level navigation is not CSP's to restrict).
 * The platform's API headers (nosniff, no framing, no referrer, HSTS) are already on every response.
 */
export function consoleHeaders(issuer: string): Readonly<Record<string, string>> {
  const issuerOrigin = new URL(issuer).origin;
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self' ${issuerOrigin}`,
    `form-action 'self' ${issuerOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'content-security-policy': policy,
    'cache-control': 'no-cache',
    // The sign-in redirect comes back to this page; nothing else needs a handle on its window.
    'cross-origin-opener-policy': 'same-origin',
  };
}
