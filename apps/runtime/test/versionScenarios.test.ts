import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fixtures } from "@flowstate/model/fixtures";
import type { Scenario, ScenarioFile } from "@flowstate/engine";
import { snapshotVersions } from "./support/testContext.ts";
import { refusal } from "./support/refusal.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { createCaller, person } from "./support/actors.ts";
import { publishProcessFolder } from "../src/versions/publishProcessFolder.ts";

// Scenarios travel with drafts and versions; publishing runs them and refuses failing ones unless
// an admin overrides (audited). Real PostgreSQL through the tRPC procedures.

const voiding = fixtures["document-voiding"];
const processesDir = path.resolve(import.meta.dirname, "../../../processes");

async function voidingScenarios(): Promise<Scenario[]> {
  const file = JSON.parse(
    await readFile(path.join(processesDir, "document-voiding.scenarios.json"), "utf8"),
  ) as ScenarioFile;
  return file.scenarios;
}

/** A scenario that fails at its second step: the instance is not in `nowhere`. */
const failing: Scenario = {
  name: "expects the wrong state",
  steps: [
    { perform: "documentVoidingRequested", input: { documentId: "D-9", customerId: "K-9" } },
    { complete: "markDocumentAsVoided", expect: { state: "nowhere" } },
  ],
};

describe("scenarios stored with versions; publishing runs them", () => {
  const t = useTestContext("version_scenarios");
  const as = (name: string, roles: Parameters<typeof person>[1]) =>
    createCaller({ ...t.ctx, actor: person(name, roles) });

  /** A fresh draft of the voiding model under `key` with `scenarios` saved on it. */
  async function draftWith(key: string, scenarios: Scenario[]) {
    const { versionId } = await t.caller.process.import({ model: { ...voiding, key } });
    await t.caller.version.saveScenarios({ id: versionId, scenarios });
    return versionId;
  }

  it("saves and reads a draft's scenarios; a new draft copies them; a published version's are immutable", async () => {
    const good = await voidingScenarios();
    const id = await draftWith("voiding-store", good);
    const read = await t.caller.version.scenarios({ id });
    expect(read).toMatchObject({ versionId: id, number: 1, status: "draft" });
    expect(read.file).toEqual({ formatVersion: 1, process: "voiding-store", scenarios: good });

    await t.caller.version.publish({ id });
    const published = await refusal(t.caller.version.saveScenarios({ id, scenarios: [] }));
    expect(published.code).toBe("PRECONDITION_FAILED");
    expect(
      (await t.caller.version.scenarios({ processKey: "voiding-store", number: 1 })).file.scenarios,
    ).toEqual(good);

    const next = await t.caller.version.createDraft({ processKey: "voiding-store", fromVersionId: id });
    expect((await t.caller.version.scenarios({ id: next.versionId })).file.scenarios).toEqual(good);
  });

  it("refuses bad and hostile scenario lists with typed problems, storing nothing", async () => {
    const id = await draftWith("voiding-bad", [failing]);
    const before = await snapshotVersions(t.db);
    const cases: [unknown, RegExp][] = [
      [{ not: "a list" }, /expected array/],
      [[{ name: "", steps: [] }], /0\.name/],
      [[{ name: "x", steps: [{ jump: "s1" }] }], /0\.steps\.0/],
      [[{ ...failing }, { ...failing }], /a second scenario named/],
      [[{ name: "x".repeat(201), steps: [] }], /0\.name/],
      [Array.from({ length: 201 }, (_, i) => ({ name: `s${i}`, steps: [] })), /at most 200|<=200/],
      [[{ name: "x", steps: Array.from({ length: 1001 }, () => ({ clock: "PT1H" })) }], /0\.steps/],
    ];
    for (const [scenarios, message] of cases) {
      const refused = await refusal(t.caller.version.saveScenarios({ id, scenarios }));
      expect(refused.code).toBe("BAD_REQUEST");
      const problems = refused.data.problems as { path: string; message: string }[];
      expect(problems.map((p) => `${p.path}: ${p.message}`).join("\n")).toMatch(message);
    }
    // Text PostgreSQL cannot store, and a huge string: refused at the boundary, naming the field.
    for (const name of ["a\u0000b", "lone \ud800 surrogate", "y".repeat(100_001)]) {
      const refused = await refusal(t.caller.version.saveScenarios({ id, scenarios: [{ name, steps: [] }] }));
      expect(refused.code).toBe("BAD_REQUEST");
    }
    const unknownId = await refusal(
      t.caller.version.saveScenarios({ id: "00000000-0000-4000-8000-000000000001", scenarios: [] }),
    );
    expect(unknownId.code).toBe("NOT_FOUND");
    expect(await snapshotVersions(t.db)).toEqual(before);
  });

  it("refuses to publish a draft whose scenarios fail, naming each failure; nothing is published", async () => {
    const id = await draftWith("voiding-fail", [...(await voidingScenarios()), failing]);
    const before = await snapshotVersions(t.db);
    const refused = await refusal(t.caller.version.publish({ id }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/1 of 3 scenario\(s\) fail; "expects the wrong state" fails at step 2/);
    expect(refused.data).toEqual({
      reason: "SCENARIOS_FAILED",
      failures: [
        {
          scenario: "expects the wrong state",
          stepIndex: 1,
          step: "complete “MarkDocumentAsVoided (Reports)”",
          difference: expect.stringMatching(
            /^expected the instance in a state that is not in the model, it is in “/,
          ),
        },
      ],
    });
    expect(await snapshotVersions(t.db)).toEqual(before);
    expect((await t.caller.version.get({ id })).status).toBe("draft");
  });

  it("lets an admin publish over failing scenarios with a reason, audited; a non-admin is refused", async () => {
    const id = await draftWith("voiding-override", [failing]);
    const before = await snapshotVersions(t.db);
    const analyst = as("ana", ["analyst"]);
    const forbidden = await refusal(analyst.version.publish({ id, override: { reason: "ship it" } }));
    expect(forbidden.code).toBe("FORBIDDEN");
    expect(await snapshotVersions(t.db)).toEqual(before);
    const denied = await t.db.prisma.auditEvent.findFirst({
      where: { action: "version.publish", versionId: id, outcome: "denied" },
    });
    expect(denied?.detail).toMatchObject({ code: "FORBIDDEN", override: { reason: "ship it" } });

    const blank = await refusal(as("root", ["admin"]).version.publish({ id, override: { reason: "  " } }));
    expect(blank.code).toBe("BAD_REQUEST");
    expect(await snapshotVersions(t.db)).toEqual(before);

    const published = await as("root", ["admin"]).version.publish({
      id,
      override: { reason: "the expectation is outdated; fixed in v2" },
    });
    expect(published).toMatchObject({ versionId: id, number: 1 });
    expect((await t.caller.version.get({ id })).status).toBe("published");
    const record = await t.db.prisma.auditEvent.findFirst({
      where: { action: "version.publish", versionId: id, outcome: "ok" },
    });
    expect(record).toMatchObject({ actorName: "root" });
    expect(record?.detail).toEqual({
      override: {
        reason: "the expectation is outdated; fixed in v2",
        failingScenarios: [
          {
            scenario: "expects the wrong state",
            step: 1,
            difference: expect.stringMatching(/^expected the instance in a state that is not in the model/),
          },
        ],
      },
    });
  });

  it("publishes the demo processes folder with every model's scenarios stored on its version", async () => {
    const results = await publishProcessFolder(t.ctx, processesDir);
    expect(results.map((r) => [r.file, r.outcome])).toEqual([
      ["document-voiding.model.json", "published"],
      ["login-session.model.json", "published"],
      ["sales-case.model.json", "published"],
      ["signup-saga.model.json", "published"],
    ]);
    const sales = JSON.parse(
      await readFile(path.join(processesDir, "sales-case.scenarios.json"), "utf8"),
    ) as ScenarioFile;
    expect((await t.caller.version.scenarios({ processKey: "sales-case", number: 1 })).file).toEqual(sales);
  });

  it("publishes the processes folder with each model's scenarios; a failing scenario refuses that model", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "flowstate-scenarios-"));
    try {
      const good = await voidingScenarios();
      await writeFile(path.join(dir, "good.model.json"), JSON.stringify({ ...voiding, key: "folder-good" }));
      await writeFile(
        path.join(dir, "good.scenarios.json"),
        JSON.stringify({ formatVersion: 1, process: "folder-good", scenarios: good }),
      );
      await writeFile(path.join(dir, "bad.model.json"), JSON.stringify({ ...voiding, key: "folder-bad" }));
      await writeFile(
        path.join(dir, "bad.scenarios.json"),
        JSON.stringify({ formatVersion: 1, process: "folder-bad", scenarios: [failing] }),
      );
      const results = await publishProcessFolder(t.ctx, dir);
      expect(results).toEqual([
        {
          file: "bad.model.json",
          outcome: "refused",
          message: expect.stringMatching(/"folder-bad": 1 of 1 scenario\(s\) fail/),
        },
        { file: "good.model.json", processKey: "folder-good", outcome: "published", number: 1 },
      ]);
      expect(await t.db.prisma.process.count({ where: { key: "folder-bad" } })).toBe(0);
      expect(
        (await t.caller.version.scenarios({ processKey: "folder-good", number: 1 })).file.scenarios,
      ).toEqual(good);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
