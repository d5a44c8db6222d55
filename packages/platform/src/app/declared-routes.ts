/** A route's URL pattern as a whole-path matcher: `:name` is one segment, `*` the rest of the path. */
function matcherOf(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods each route pattern of an app was declared with, as the router saw them, so a
 * request the router could not place can be told apart: a path nothing serves (404) from a
 * path served with other methods (405, and which ones in `Allow`). Patterns are the plain kind
 * Nest and the platform declare (`/accounts/:id/transactions`, `/docs/*`); the router itself
 * still decides every request it can route.
 */
export class DeclaredRoutes {
  private readonly byPattern = new Map<string, { readonly matcher: RegExp; readonly methods: Set<string> }>();

  add(methods: string | readonly string[], pattern: string): void {
    let route = this.byPattern.get(pattern);
    if (route === undefined) {
      route = { matcher: matcherOf(pattern), methods: new Set() };
      this.byPattern.set(pattern, route);
    }
    for (const method of typeof methods === 'string' ? [methods] : methods) route.methods.add(method.toUpperCase());
  }

  /** Every method some pattern matching `path` accepts, sorted; empty when no pattern matches. */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.byPattern.values()) {
      if (route.matcher.test(path)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}
