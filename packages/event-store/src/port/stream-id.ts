/**
 * Stream ids are `<category>-<id>` (EventStoreDB convention): the category is everything
 * before the first dash, so by-category projections can be built on any adapter.
 */
export function streamIdOf(category: string, id: string): string {
  if (category.length === 0 || category.includes('-')) {
    throw new Error(`A stream category must be non-empty and contain no dash: "${category}"`);
  }
  if (id.length === 0) throw new Error('A stream id needs a non-empty id part');
  return `${category}-${id}`;
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash <= 0 ? streamId : streamId.slice(0, dash);
}
