import { runScenario } from "@flowstate/engine";
import { ModelBuilder, parseModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import { cronWords, nextStopWords, nextTickWords, playInstanceRows, playTimeWords } from "./playInstances";
import { currentEntry, overlayInput, startSession, takeStep, toScenario } from "./playSession";
import type { PlaySession } from "./playSession";

function nightlyModel(): ProcessModel {
  const doc = new ModelBuilder("ticket", "Ticket")
    .state("S", "Open", { initial: true })
    .manual("handle")
    .finalizer("done", "done", { outcome: "succeeded" })
    .flow("handle", "done")
    .build();
  const parsed = parseModel({
    ...doc,
    schedules: [{ id: "nightly", cron: "0 2 * * *", variables: { source: "night" } }],
  });
  if (!parsed.ok) throw new Error("bad model");
  return parsed.model;
}

describe("play instances", () => {
  it("says crons and tick times in words", () => {
    expect(cronWords("0 * * * *")).toBe("every hour");
    expect(cronWords("*/15 * * * *")).toBe("every 15 minutes");
    expect(cronWords("0 2 * * *", "Europe/Brussels")).toBe("every day at 02:00 (Europe/Brussels)");
    expect(cronWords("30 9 * * 1-5")).toBe("at 09:30, Monday to Friday");
    expect(cronWords("0 0 1 * *")).toBe("cron 0 0 1 * *");
    expect(playTimeWords("2027-01-05T02:00:00.000Z")).toBe("2027-01-05 02:00 UTC");
  });

  it("lists the instance you started and one per tick, and a saved play replays the same", () => {
    const model = nightlyModel();
    let session = startSession(model) as PlaySession;
    expect(nextTickWords(model, currentEntry(session).frame)).toEqual({
      text: "next tick 2027-01-05 02:00 UTC",
      title: "next schedule tick 2027-01-05 02:00 UTC (every day at 02:00)",
    });
    expect(nextStopWords(model, currentEntry(session).frame)?.text).toBe("next tick 2027-01-05 02:00 UTC");
    session = takeStep(model, session, { clock: "P2D" });
    session = takeStep(model, session, { perform: "handle", instance: 2 });
    expect(session.problem).toBeUndefined();
    const rows = playInstanceRows(model, currentEntry(session).frame);
    expect(rows).toEqual([
      { number: 1, origin: "started by you", status: "running", stateName: "Open" },
      {
        number: 2,
        origin: "schedule every day at 02:00, 2027-01-05 02:00 UTC",
        status: "completed",
        stateName: "Open",
      },
      {
        number: 3,
        origin: "schedule every day at 02:00, 2027-01-06 02:00 UTC",
        status: "running",
        stateName: "Open",
      },
    ]);
    // the canvas of instance 2 draws its own path
    expect(overlayInput(model, session, 2).state.status).toBe("completed");
    expect(overlayInput(model, session, 2).firings.length).toBeGreaterThan(0);
    expect(overlayInput(model, session, 1).firings).toEqual([]);

    const scenario = toScenario(model, session, "nightly ticket handled");
    expect(scenario.steps[1]).toMatchObject({
      perform: "handle",
      instance: 2,
      expect: { instances: 3, status: "completed" },
    });
    expect(runScenario(model, scenario)).toMatchObject({ ok: true });
  });
});
