/**
 * The dry run's further pages ("Show more"), stamped with the plan they were loaded for: the first
 * page comes with the plan, these are added on request, and rows of one plan must never be shown
 * under another (the operator may go back, change the plan, and come back).
 */
export interface MoreRows<Item> {
  planKey: string;
  items: Item[];
  nextCursor: string | null;
  error: string | null;
}

export function noMoreRows<Item>(): MoreRows<Item> {
  return { planKey: "", items: [], nextCursor: null, error: null };
}

/** A further page of `planKey` arrived: added to that plan's rows (another plan's are dropped). */
export function withMorePage<Item>(
  more: MoreRows<Item>,
  planKey: string,
  page: { items: Item[]; nextCursor: string | null },
): MoreRows<Item> {
  return {
    planKey,
    items: [...(more.planKey === planKey ? more.items : []), ...page.items],
    nextCursor: page.nextCursor,
    error: null,
  };
}

/**
 * Loading a further page of `planKey` failed: that plan's rows and cursor stay (Show more retries
 * from there); another plan's rows and cursor are dropped, so the first page's cursor applies again.
 */
export function withMoreError<Item>(more: MoreRows<Item>, planKey: string, error: string): MoreRows<Item> {
  return more.planKey === planKey ? { ...more, error } : { ...noMoreRows<Item>(), planKey, error };
}
