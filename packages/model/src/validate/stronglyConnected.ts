/**
 * The strongly connected components of a directed graph (iterative Tarjan, so deep graphs do not
 * overflow the stack), each with whether it contains a cycle (more than one node, or a node with an
 * edge to itself). Components come out in reverse topological order. O(V + E).
 */
export function stronglyConnected(
  nodes: Iterable<string>,
  successors: (id: string) => readonly string[],
): { members: string[]; cyclic: boolean }[] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: { members: string[]; cyclic: boolean }[] = [];
  let counter = 0;
  const open = (id: string): void => {
    order.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
  };
  for (const start of nodes) {
    if (order.has(start)) continue;
    open(start);
    const work: { id: string; out: readonly string[]; next: number }[] = [
      { id: start, out: successors(start), next: 0 },
    ];
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; out: readonly string[]; next: number };
      if (frame.next < frame.out.length) {
        const to = frame.out[frame.next++] as string;
        if (!order.has(to)) {
          open(to);
          work.push({ id: to, out: successors(to), next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, order.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) !== order.get(frame.id)) continue;
      const members: string[] = [];
      let id: string;
      do {
        id = stack.pop() as string;
        onStack.delete(id);
        members.push(id);
      } while (id !== frame.id);
      members.reverse();
      result.push({ members, cyclic: members.length > 1 || frame.out.includes(frame.id) });
    }
  }
  return result;
}
