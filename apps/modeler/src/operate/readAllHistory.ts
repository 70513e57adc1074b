/** The most rows `instance.history` gives per call. */
export const HISTORY_PAGE_LIMIT = 1000;

export type HistoryPageQuery<Row> = (input: {
  id: string;
  limit: number;
  afterId?: string;
}) => Promise<Row[]>;

/**
 * Every history row of an instance, oldest first. The API pages by id (`afterId` = the last row's
 * id, ascending), at most 1,000 rows a call: a long-lived instance's first page alone would miss its
 * recent steps (time travel's "step back", the path overlay). A page shorter than the limit is the last.
 */
export async function readAllHistory<Row extends { id: string }>(
  id: string,
  query: HistoryPageQuery<Row>,
): Promise<Row[]> {
  const rows: Row[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await query({
      id,
      limit: HISTORY_PAGE_LIMIT,
      ...(afterId !== undefined ? { afterId } : {}),
    });
    rows.push(...page);
    const last = page[page.length - 1];
    // `last.id === afterId`: a server ignoring the cursor would otherwise be asked forever.
    if (page.length < HISTORY_PAGE_LIMIT || last === undefined || last.id === afterId) return rows;
    afterId = last.id;
  }
}
