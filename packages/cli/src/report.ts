import { describeCoverage, summarizeCoverage } from "@flowstate/engine";
import type { Coverage } from "@flowstate/engine";
import { XMLBuilder } from "fast-xml-parser";
import type { FolderRun, ScenarioRun } from "./testFolder";
import { percent } from "./testFolder";

function coverageLine(covered: Coverage, totals: Coverage): string {
  return describeCoverage(summarizeCoverage(totals, covered));
}

/** A JUnit failure's body: the words, then what was expected and found (the data, by id). */
function failureDetail(s: ScenarioRun): string {
  const { message: _ids, ...data } = s.result.failure ?? { message: "" };
  return `${s.failure ?? ""}\n${JSON.stringify(data, null, 2)}`;
}

/** The human summary: one line per scenario, coverage per process and in total, the counts. */
export function formatSummary(run: FolderRun): string {
  const out: string[] = [];
  const covered: Coverage = { actions: [], lines: [], transitions: [] };
  const totals: Coverage = { actions: [], lines: [], transitions: [] };
  for (const p of run.processes) {
    out.push(`${p.processKey ?? p.file} (${p.file})`);
    if (p.error !== undefined) out.push(`  ERROR ${p.error}`);
    else if (p.scenarios.length === 0) out.push("  no scenarios");
    p.scenarios.forEach((s) => {
      out.push(`  ${s.result.ok ? "✓" : "✗"} ${s.result.name}`);
      if (!s.result.ok) out.push(`      ${s.failure ?? ""}`);
    });
    if (p.error === undefined) out.push(`  coverage: ${coverageLine(p.covered, p.totals)}`);
    for (const key of ["actions", "lines", "transitions"] as const) {
      covered[key].push(...p.covered[key].map((id) => `${p.file}#${id}`));
      totals[key].push(...p.totals[key].map((id) => `${p.file}#${id}`));
    }
  }
  out.push("");
  out.push(`coverage: ${coverageLine(covered, totals)}`);
  out.push(
    `${run.passed} passed, ${run.failed} failed${run.errors > 0 ? `, ${run.errors} file error${run.errors === 1 ? "" : "s"}` : ""}`,
  );
  return out.join("\n") + "\n";
}

/** JUnit XML: a test suite per model file, a test case per scenario; a bad file is an `<error>`. */
export function toJunitXml(run: FolderRun): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suites = run.processes.map((p) => {
    const cases: object[] = p.scenarios.map((s) => ({
      "@_name": s.result.name,
      "@_classname": p.processKey ?? p.file,
      "@_time": seconds(s.millis),
      ...(s.result.ok
        ? {}
        : {
            failure: {
              "@_message": s.failure ?? "",
              "@_type": s.result.failure?.field ?? "step",
              "#text": failureDetail(s),
            },
          }),
    }));
    if (p.error !== undefined)
      cases.push({
        "@_name": p.file,
        "@_classname": p.processKey ?? p.file,
        "@_time": "0.000",
        error: { "@_message": p.error, "@_type": "file" },
      });
    return {
      "@_name": p.processKey ?? p.file,
      "@_file": p.file,
      "@_tests": String(cases.length),
      "@_failures": String(p.scenarios.filter((s) => !s.result.ok).length),
      "@_errors": p.error === undefined ? "0" : "1",
      "@_skipped": "0",
      "@_time": seconds(p.scenarios.reduce((t, s) => t + s.millis, 0)),
      properties: {
        property: (["actions", "lines", "transitions"] as const).map((k) => ({
          "@_name": `coverage.${k}`,
          "@_value": `${percent(p.covered[k].length, p.totals[k].length)}%`,
        })),
      },
      testcase: cases,
    };
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  const xml = builder.build({
    testsuites: {
      "@_name": "flowstate",
      "@_tests": String(run.passed + run.failed + run.errors),
      "@_failures": String(run.failed),
      "@_errors": String(run.errors),
      testsuite: suites,
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}
