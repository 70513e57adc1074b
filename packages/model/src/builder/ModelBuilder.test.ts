import { describe, expect, it } from "vitest";
import { ModelBuilder } from "./ModelBuilder";

const start = () => new ModelBuilder("k", "K").state("s", "S", { initial: true });

describe("ModelBuilder shorthands", () => {
  it("manual(...ids) adds manual actions named like their ids, in order", () => {
    expect(start().manual("a", "b").build()).toEqual(
      start().action("a", "a", { mode: "manual" }).action("b", "b", { mode: "manual" }).build(),
    );
  });

  it("flows(...paths) adds a plain flow line per step of each `a->b->c` path, in order", () => {
    expect(start().manual("a", "b", "c").flows("a->b->c", "a->c").build()).toEqual(
      start().manual("a", "b", "c").flow("a", "b").flow("b", "c").flow("a", "c").build(),
    );
  });
});
