import { ModelBuilder } from "@flowstate/model";

/** A builder for the test process `test` whose first (initial) state is `S`: add its nodes. */
export function oneState(): ModelBuilder {
  return new ModelBuilder("test", "test").state("S", "S", { initial: true });
}
