import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fixtures } from "@flowstate/model/fixtures";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./main";

const repo = path.resolve(import.meta.dirname, "../../..");
const bin = path.join(repo, "packages/cli/bin/flowstate.mjs");
const run = promisify(execFile);

function capture() {
  const io = { out: "", err: "" };
  return {
    io,
    sink: { out: (t: string) => (io.out += t), err: (t: string) => (io.err += t), cwd: repo },
  };
}

const failing = {
  formatVersion: 1,
  process: "login-session",
  scenarios: [
    {
      name: "passes",
      steps: [{ perform: "login", input: { userId: "u", sessionId: "s" } }],
    },
    {
      name: `expects <the wrong> & "odd" outcome`,
      steps: [
        { perform: "login", input: { userId: "u", sessionId: "s" } },
        { perform: "logout", expect: { outcome: "failed" } },
      ],
    },
  ],
};

describe("flowstate test", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "flowstate-cli-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("passes on the processes folder, whose models are the seed fixtures", async () => {
    const { io, sink } = capture();
    expect(await runCli(["test", "processes"], sink)).toBe(0);
    expect(io.out).toMatch(/\n8 passed, 0 failed\n$/);
    expect(io.out).toMatch(
      /coverage: actions \d+% \(\d+\/79\), lines \d+% \(\d+\/92\), transitions \d+% \(\d+\/23\)/,
    );
    for (const [name, model] of Object.entries(fixtures))
      expect(
        JSON.parse(await readFile(path.join(repo, "processes", `${name}.model.json`), "utf8")),
      ).toStrictEqual(model);
  });

  it("exits 1 on a failing scenario and writes valid JUnit XML naming the step", async () => {
    await writeFile(path.join(dir, "login.model.json"), JSON.stringify(fixtures["login-session"]));
    await writeFile(path.join(dir, "login.scenarios.json"), JSON.stringify(failing));
    const junit = path.join(dir, "out.xml");
    const child = await run(process.execPath, [bin, "test", dir, "--junit", junit]).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(child.code).toBe(1);
    expect(child.stdout).toContain("1 passed, 1 failed");
    const words = "step 2 (perform “Logout”): expected the outcome failed, it is succeeded";
    expect(child.stdout).toContain(words);
    const xml = await readFile(junit, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testcase" }).parse(
      xml,
    ) as {
      testsuites: {
        "@_tests": string;
        "@_failures": string;
        testsuite: { testcase: { "@_name": string; failure?: { "@_message": string } }[] };
      };
    };
    expect(doc.testsuites["@_tests"]).toBe("2");
    expect(doc.testsuites["@_failures"]).toBe("1");
    const [ok, bad] = doc.testsuites.testsuite.testcase;
    expect(ok?.failure).toBeUndefined();
    expect(bad?.["@_name"]).toBe(`expects <the wrong> & "odd" outcome`);
    expect(bad?.failure?.["@_message"]).toBe(words);
  }, 60_000);

  it("runs scenarios with schedule ticks: instances started by the clock, steps and expectations on them", async () => {
    const model = {
      ...fixtures["login-session"],
      schedules: [{ id: "hourly", cron: "0 * * * *", variables: { userId: "robot", sessionId: "r" } }],
    };
    const file = {
      formatVersion: 1,
      process: "login-session",
      scenarios: [
        {
          name: "three hourly sessions",
          steps: [
            { clock: "PT3H", expect: { instances: 4 } },
            {
              perform: "login",
              instance: 3,
              expect: { instances: ["running", "running", "running", "running"] },
            },
          ],
        },
        { name: "too many expected", steps: [{ clock: "PT1H", expect: { instances: 3 } }] },
      ],
    };
    await writeFile(path.join(dir, "login.model.json"), JSON.stringify(model));
    await writeFile(path.join(dir, "login.scenarios.json"), JSON.stringify(file));
    const { io, sink } = capture();
    expect(await runCli(["test", dir], sink)).toBe(1);
    expect(io.out).toContain("1 passed, 1 failed");
    expect(io.out).toContain("step 1 (move the clock 1 hour): expected 3 instances started, 2 started");
  });

  it("reports a bad scenario file and scenarios without a model as errors", async () => {
    await writeFile(path.join(dir, "login.model.json"), JSON.stringify(fixtures["login-session"]));
    await writeFile(
      path.join(dir, "login.scenarios.json"),
      JSON.stringify({
        formatVersion: 1,
        process: "login-session",
        scenarios: [{ name: "x", steps: [{ jump: 1 }] }],
      }),
    );
    await writeFile(path.join(dir, "lost.scenarios.json"), JSON.stringify(failing));
    const { io, sink } = capture();
    expect(await runCli(["test", dir], sink)).toBe(1);
    expect(io.out).toContain("ERROR login.scenarios.json: scenarios.0.steps.0:");
    expect(io.out).toContain("ERROR lost.scenarios.json: no model file lost.model.json next to it");
    expect(io.out).toContain("0 passed, 0 failed, 2 file errors");
  });

  it("refuses a wrong command line with usage", async () => {
    const { io, sink } = capture();
    expect(await runCli(["publish"], sink)).toBe(2);
    expect(io.err).toContain("usage: flowstate test [dir]");
    expect(await runCli(["test", path.join(dir, "missing")], sink)).toBe(2);
    expect(io.err).toContain("cannot read");
  });
});
