import { describe, expect, it } from "vitest";
import { fixtures } from "@flowstate/model/fixtures";
import type { ProcessModel } from "@flowstate/model";
import { snapshotVersions } from "./support/testContext.ts";
import { publishProcessFolder } from "../src/versions/publishProcessFolder.ts";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { refusal } from "./support/refusal.ts";
import { useTestContext } from "./support/useTestContext.ts";

const voiding = fixtures["document-voiding"];

describe("processes and versions", () => {
  const t = useTestContext("versions");

  it("creates a process with an editable draft v1 holding one initial state", async () => {
    const created = await t.caller.process.create({ key: "claims", name: "Claims" });
    expect(created).toMatchObject({ processKey: "claims", number: 1 });
    const v1 = await t.caller.version.get({ id: created.versionId });
    expect(v1).toMatchObject({ status: "draft", revision: 1, processKey: "claims" });
    expect(v1.model.states).toHaveLength(1);
    expect(v1.model.states[0]).toMatchObject({ name: "Start", initial: true });
    const again = await refusal(t.caller.process.create({ key: "claims", name: "Other" }));
    expect(again.code).toBe("CONFLICT");
  });

  it("saves a draft with optimistic revisions and detects a conflicting save", async () => {
    const { versionId } = await t.caller.process.create({ key: "conflicts", name: "Conflicts" });
    const loaded = await t.caller.version.get({ id: versionId });
    const tabA = { ...loaded.model, name: "Renamed in tab A" };
    const tabB = { ...loaded.model, name: "Renamed in tab B" };
    expect(
      await t.caller.version.saveDraft({ id: versionId, model: tabA, baseRevision: loaded.revision }),
    ).toEqual({ revision: 2 });
    const before = await snapshotVersions(t.db);
    const conflict = await refusal(
      t.caller.version.saveDraft({ id: versionId, model: tabB, baseRevision: loaded.revision }),
    );
    expect(conflict.code).toBe("CONFLICT");
    expect((conflict.cause as { data?: { currentRevision?: number } }).data?.currentRevision).toBe(2);
    expect(await snapshotVersions(t.db)).toEqual(before);
    // The user chose "overwrite".
    expect(
      await t.caller.version.saveDraft({
        id: versionId,
        model: tabB,
        baseRevision: loaded.revision,
        overwrite: true,
      }),
    ).toEqual({ revision: 3 });
    expect((await t.caller.version.get({ id: versionId })).model.name).toBe("Renamed in tab B");
    expect((await t.caller.process.get({ key: "conflicts" })).name).toBe("Renamed in tab B");
  });

  it("refuses invalid models, wrong keys and unknown ids, changing nothing", async () => {
    const { versionId } = await t.caller.process.create({ key: "strict", name: "Strict" });
    const before = await snapshotVersions(t.db);
    const garbage = await refusal(
      t.caller.version.saveDraft({
        id: versionId,
        model: { formatVersion: 1, states: "nope" },
        baseRevision: 1,
      }),
    );
    expect(garbage.code).toBe("BAD_REQUEST");
    expect((garbage.cause as { data?: { problems?: unknown[] } }).data?.problems?.length).toBeGreaterThan(0);
    const otherKey = await refusal(
      t.caller.version.saveDraft({ id: versionId, model: { ...voiding }, baseRevision: 1 }),
    );
    expect(otherKey.code).toBe("BAD_REQUEST");
    expect(otherKey.message).toContain("not the process key");
    const unknown = await refusal(
      t.caller.version.saveDraft({
        id: "00000000-0000-4000-8000-000000000000",
        model: voiding,
        baseRevision: 1,
      }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const malformedImport = await refusal(t.caller.process.import({ model: "{ not json" }));
    expect(malformedImport.code).toBe("BAD_REQUEST");
    const badId = await refusal(t.caller.version.get({ id: "not-a-uuid" }));
    expect(badId.code).toBe("BAD_REQUEST");
    expect(await snapshotVersions(t.db)).toEqual(before);
  });

  it("imports a fixture as a draft, publishes it immutable with a content hash, and deprecates the previous version", async () => {
    const imported = await t.caller.process.import({ model: voiding });
    expect(imported).toMatchObject({ processKey: voiding.key, number: 1 });
    const published = await t.caller.version.publish({ id: imported.versionId, acceptWarnings: true });
    expect(published.contentHash).toMatch(/\S{8,}/);
    const frozen = await refusal(
      t.caller.version.saveDraft({ id: imported.versionId, model: voiding, baseRevision: 1 }),
    );
    expect(frozen.code).toBe("PRECONDITION_FAILED");

    const draft = await t.caller.version.createDraft({
      processKey: voiding.key,
      fromVersionId: imported.versionId,
    });
    expect(draft.number).toBe(2);
    const second = await refusal(
      t.caller.version.createDraft({ processKey: voiding.key, fromVersionId: imported.versionId }),
    );
    expect(second.code).toBe("CONFLICT");
    await t.caller.version.publish({ id: draft.versionId, acceptWarnings: true });
    const versions = await t.caller.version.list({ processKey: voiding.key });
    // v1 had no running instance, so it goes straight to inactive.
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [2, "published"],
      [1, "inactive"],
    ]);
  });

  it("refuses to publish a model with errors and lists the problems", async () => {
    const { versionId } = await t.caller.process.create({ key: "broken", name: "Broken" });
    const v = await t.caller.version.get({ id: versionId });
    const broken: ProcessModel = {
      ...v.model,
      nodes: [
        {
          id: "a1",
          ref: "a1",
          kind: "action",
          stateId: v.model.states[0]!.id,
          name: "Call",
          mode: "automatic",
          maxOccurs: 1,
          singleton: false,
          captures: [],
          strictness: "strict",
        },
      ],
    };
    await t.caller.version.saveDraft({ id: versionId, model: broken, baseRevision: v.revision });
    const before = await snapshotVersions(t.db);
    const refused = await refusal(t.caller.version.publish({ id: versionId }));
    expect(refused.code).toBe("BAD_REQUEST");
    const problems =
      (refused.cause as { data?: { problems?: { code: string; elementIds: string[] }[] } }).data?.problems ??
      [];
    expect(problems.some((p) => p.elementIds.includes("a1"))).toBe(true);
    expect(await snapshotVersions(t.db)).toEqual(before);
  });

  it("refuses to publish an unconnected finalizer, which would end every instance at its start", async () => {
    const { versionId } = await t.caller.process.create({ key: "trap", name: "Trap" });
    const v = await t.caller.version.get({ id: versionId });
    const stateId = v.model.states[0]!.id;
    const trap: ProcessModel = {
      ...v.model,
      nodes: [
        {
          id: "action_revw1",
          ref: "action_revw1",
          kind: "action",
          stateId,
          name: "Review",
          mode: "manual",
          maxOccurs: 1,
          singleton: false,
          captures: [],
          strictness: "strict",
        },
        {
          id: "finalizer_end01",
          ref: "finalizer_end01",
          kind: "finalizer",
          stateId,
          name: "Done",
          outcome: "succeeded",
          compensate: false,
        },
      ],
    };
    await t.caller.version.saveDraft({ id: versionId, model: trap, baseRevision: v.revision });
    const before = await snapshotVersions(t.db);
    const refused = await refusal(t.caller.version.publish({ id: versionId }));
    expect(refused.code).toBe("BAD_REQUEST");
    const problems =
      (
        refused.cause as {
          data?: { problems?: { code: string; severity: string; elementIds: string[]; hint: string }[] };
        }
      ).data?.problems ?? [];
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: "finalizer.fires-at-entry",
        severity: "error",
        elementIds: ["finalizer_end01", stateId],
        hint: expect.stringMatching(/connect a line into it/i),
      }),
    );
    expect(await snapshotVersions(t.db)).toEqual(before);
    expect((await t.caller.version.get({ id: versionId })).status).toBe("draft");
  });

  it("diffs two versions by ref", async () => {
    const { versionId: v1 } = await t.caller.process.create({ key: "diffed", name: "Diffed" });
    const m1 = (await t.caller.version.get({ id: v1 })).model;
    await t.caller.version.publish({ id: v1, acceptWarnings: true });
    const { versionId: v2 } = await t.caller.version.createDraft({ processKey: "diffed", fromVersionId: v1 });
    const m2: ProcessModel = { ...m1, states: [{ ...m1.states[0]!, name: "Intake" }] };
    await t.caller.version.saveDraft({ id: v2, model: m2, baseRevision: 1 });
    const { diff } = await t.caller.version.diff({ fromId: v1, toId: v2 });
    expect(JSON.stringify(diff)).toContain("Intake");
  });

  it("publishes a processes folder at start-up only when a file changed, and reports bad files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "flowstate-processes-"));
    try {
      await writeFile(path.join(dir, "login.json"), JSON.stringify(fixtures["login-session"]));
      await writeFile(path.join(dir, "broken.json"), "{ nope");
      await writeFile(
        path.join(dir, "login.scenarios.json"),
        JSON.stringify({ formatVersion: 1, process: "login-session", scenarios: [] }),
      );
      const first = await publishProcessFolder(t.ctx, dir);
      expect(first.map((r) => [r.file, r.outcome])).toEqual([
        ["broken.json", "refused"],
        ["login.json", "published"],
      ]);
      const second = await publishProcessFolder(t.ctx, dir);
      expect(second.find((r) => r.file === "login.json")?.outcome).toBe("unchanged");
      await writeFile(
        path.join(dir, "login.json"),
        JSON.stringify({ ...fixtures["login-session"], description: "changed" }),
      );
      const third = await publishProcessFolder(t.ctx, dir);
      expect(third.find((r) => r.file === "login.json")).toMatchObject({ outcome: "published", number: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
