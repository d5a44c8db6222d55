/** One page of a keyset-paginated list, as a test sees it: its items and the token of the next page. */
export interface PageOf<Item> {
  readonly items: readonly Item[];
  /** The cursor (or `after` id) to ask for the next page with; null on the last page. */
  readonly next: string | null;
}

/**
 * Follows a list from its first page to its last and returns every page in order, so a test can
 * check each page boundary as well as the whole. A cursor that never ends fails the walk once it
 * has fetched more pages than the list can have (`maxPages`), instead of looping forever.
 */
export async function walkPages<Item>(pageAfter: (next: string | undefined) => Promise<PageOf<Item>>, maxPages: number): Promise<Item[][]> {
  const pages: Item[][] = [];
  let next: string | undefined;
  do {
    if (pages.length === maxPages) throw new Error(`the list did not end within ${maxPages} pages`);
    const page = await pageAfter(next);
    pages.push([...page.items]);
    next = page.next ?? undefined;
  } while (next !== undefined);
  return pages;
}

/**
 * What a walk of `limit`-sized pages over `expected` must look like: every page full but the
 * last, the last non-empty (a list that ends on a page boundary says so on that page, not with
 * an empty page after it) unless the list is empty, and the pages together exactly `expected`:
 * same order, no repeats, no gaps.
 */
export function pagesOfSize<Item>(expected: readonly Item[], limit: number): Item[][] {
  const pages: Item[][] = [];
  for (let start = 0; start < expected.length; start += limit) pages.push(expected.slice(start, start + limit));
  return pages.length === 0 ? [[]] : pages;
}
