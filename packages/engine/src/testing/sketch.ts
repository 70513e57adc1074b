import { parseModel } from "@flowstate/model";
import type {
  ActionInput,
  CalendarInput,
  NodeInput,
  ProcessModel,
  ProcessModelInput,
} from "@flowstate/model";

type ActionProps = Omit<ActionInput, "id" | "ref" | "kind" | "stateId" | "name" | "mode"> & { name?: string };

/**
 * Test support: sketches a process model in a few lines (`sketch().state("S", { initial: true })
 * .manual("A").auto("B").flow("A", "B").build()`). Nodes go into the state declared last; refs are
 * `r.` + id. `build()` parses the model (defaults applied) and throws on a schema problem.
 */
export class Sketch {
  private readonly model: Required<
    Pick<ProcessModelInput, "states" | "nodes" | "lines" | "transitions" | "calendars">
  > &
    ProcessModelInput;
  private current = "";

  constructor(key = "test") {
    this.model = {
      formatVersion: 1,
      key,
      name: key,
      states: [],
      nodes: [],
      lines: [],
      transitions: [],
      calendars: [],
    };
  }

  state(id: string, opts: { initial?: boolean; ref?: string } = {}): this {
    this.model.states.push({
      id,
      ref: opts.ref ?? `r.${id}`,
      name: id,
      ...(opts.initial ? { initial: true } : {}),
    });
    this.current = id;
    return this;
  }

  manual(id: string, props: ActionProps = {}): this {
    this.model.nodes.push({
      id,
      ref: `r.${id}`,
      kind: "action",
      stateId: this.current,
      name: id,
      mode: "manual",
      ...props,
    });
    return this;
  }

  auto(id: string, props: ActionProps = {}): this {
    this.model.nodes.push({
      id,
      ref: `r.${id}`,
      kind: "action",
      stateId: this.current,
      name: id,
      mode: "automatic",
      handler: `h.${id}`,
      ...props,
    });
    return this;
  }

  and(id: string): this {
    this.model.nodes.push({ id, ref: `r.${id}`, kind: "and", stateId: this.current, name: id });
    return this;
  }

  or(id: string): this {
    this.model.nodes.push({ id, ref: `r.${id}`, kind: "or", stateId: this.current, name: id });
    return this;
  }

  finalizer(id: string, opts: { outcome?: "succeeded" | "failed"; compensate?: boolean } = {}): this {
    const node: NodeInput = {
      id,
      ref: `r.${id}`,
      kind: "finalizer",
      stateId: this.current,
      name: id,
      ...opts,
    };
    this.model.nodes.push(node);
    return this;
  }

  flow(from: string, to: string, opts: { condition?: string; on?: "completed" | "failed" } = {}): this {
    const id = `${opts.on === "failed" ? "fail" : "flow"}:${from}->${to}`;
    this.model.lines.push({ id, ref: `r.${id}`, kind: "flow", from, to, ...opts });
    return this;
  }

  limit(from: string, to: string): this {
    this.model.lines.push({
      id: `limit:${from}->${to}`,
      ref: `r.limit:${from}->${to}`,
      kind: "limit",
      from,
      to,
    });
    return this;
  }

  not(from: string, to: string): this {
    this.model.lines.push({ id: `not:${from}->${to}`, ref: `r.not:${from}->${to}`, kind: "not", from, to });
    return this;
  }

  transition(from: string, to: string, opts: { condition?: string; order?: number } = {}): this {
    const id = `go:${from}->${to}`;
    this.model.transitions.push({ id, ref: `r.${id}`, from, to, ...opts });
    return this;
  }

  calendar(calendar: CalendarInput): this {
    this.model.calendars.push(calendar);
    return this;
  }

  build(): ProcessModel {
    const result = parseModel(JSON.parse(JSON.stringify(this.model)) as unknown);
    if (!result.ok) throw new Error(`sketch does not parse: ${JSON.stringify(result.problems)}`);
    return result.model;
  }
}

/** Starts a sketch. */
export function sketch(key = "test"): Sketch {
  return new Sketch(key);
}
