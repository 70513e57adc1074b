import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { parseModel } from "../parse/parseModel";
import { validateModel } from "../validate/validateModel";
import { isCronShape } from "./Schedule";

const base = () =>
  new ModelBuilder("scheduled", "Scheduled")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual" })
    .finalizer("f", "Done")
    .flow("a", "f")
    .build();

describe("schedules in a version's model", () => {
  it("parses a schedule with defaults and leaves models without schedules unchanged", () => {
    const parsed = parseModel({ ...base(), schedules: [{ id: "nightly", cron: "30 2 * * *" }] });
    expect(parsed.ok && parsed.model.schedules).toEqual([
      { id: "nightly", cron: "30 2 * * *", timezone: "UTC", missed: "skip" },
    ]);
    const plain = parseModel(base());
    expect(plain.ok && "schedules" in plain.model).toBe(false);
  });

  it("refuses a malformed cron, an unknown time zone and an unknown missed-tick policy", () => {
    const problems = validateModel({
      ...base(),
      schedules: [{ id: "x", cron: "every day", timezone: "Mars/Olympus", missed: "twice" }],
    });
    expect(problems.map((p) => [p.code, p.path?.join(".")])).toEqual(
      expect.arrayContaining([
        ["schema.invalid", "schedules.0.cron"],
        ["schema.invalid", "schedules.0.timezone"],
        ["schema.invalid", "schedules.0.missed"],
      ]),
    );
  });

  it("reports a schedule's calendar that does not exist", () => {
    const problems = validateModel({
      ...base(),
      schedules: [{ id: "weekdays", cron: "0 9 * * *", calendar: "office" }],
    });
    expect(problems.map((p) => [p.code, p.elementIds])).toEqual([["reference.dangling", ["weekdays"]]]);
  });

  it("knows the shape of cron expressions", () => {
    expect(["0 9 * * 1-5", "*/5 * * * *", "0 0 9 * * MON-FRI", "0 12 L * ?"].every(isCronShape)).toBe(true);
    expect(["", "* * * *", "0 9 * * * * *", "0 9 * * $"].some(isCronShape)).toBe(false);
  });
});
