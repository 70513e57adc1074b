#!/usr/bin/env node
// The two commands of the README, for a fresh machine with only Node 20 and npm:
//   npm run app   → install, build, migrate the embedded database, seed demo data, serve :3000
//   npm test      → install, check prerequisites, lint, typecheck, build, unit + integration + e2e
// pnpm is not assumed: when it is missing (or not 10.x) this runs the pinned pnpm through npx.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const pnpmVersion = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).packageManager.split(
  "@",
)[1];
const resultsDir = path.join(root, ".flowstate", "test-results");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", CI: process.env.CI ?? "" };

function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env, ...options });
  if (result.error) fail(`${cmd} ${args.join(" ")}: ${result.error.message}`);
  return result.status ?? 1;
}

function must(cmd, args, what, options) {
  if (run(cmd, args, options) !== 0) fail(`${what} failed`);
}

/** pnpm 10 from PATH, else the pinned version through npx (npm ships with Node). */
function pnpmCommand() {
  const found = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (found.status === 0 && found.stdout.trim().startsWith("10.")) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pnpmVersion}`]];
}
const [pnpmBin, pnpmPrefix] = pnpmCommand();
const pnpm = (args, what, options) => must(pnpmBin, [...pnpmPrefix, ...args], what, options);

function install() {
  step(`installing dependencies (pnpm ${pnpmBin === "pnpm" ? "from PATH" : `${pnpmVersion} via npx`})`);
  pnpm(["install", "--frozen-lockfile", "--prefer-offline"], "pnpm install");
}

function build() {
  step("building (turbo)");
  pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"], "build");
}

async function app() {
  install();
  build();
  step("migrating the database");
  pnpm(["--filter", "@flowstate/runtime", "db:migrate"], "migration");
  step("seeding demo processes and instances");
  pnpm(["--filter", "@flowstate/runtime", "seed"], "seeding");
  step("starting Flowstate");
  const { flags } = JSON.parse(readFileSync(path.join(root, "apps/runtime/nodeFlags.json"), "utf8"));
  const child = spawn(process.execPath, [...flags, "apps/runtime/dist/main.js"], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 1));
}

// ---------------------------------------------------------------- test prerequisites

const pgUrl = process.env.FLOWSTATE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function postgresAnswers() {
  const probe = `const pg=require("pg");const c=new pg.Client({connectionString:${JSON.stringify(pgUrl)},connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`;
  return (
    spawnSync(process.execPath, ["-e", probe], { cwd: path.join(root, "apps/runtime"), env }).status === 0
  );
}

function ensurePostgres() {
  step(`checking PostgreSQL at ${pgUrl}`);
  if (postgresAnswers()) return console.log("  PostgreSQL answers");
  const clusters = existsSync("/etc/postgresql")
    ? spawnSync("ls", ["/etc/postgresql"], { encoding: "utf8" }).stdout.trim().split("\n").filter(Boolean)
    : [];
  if (clusters.length === 0)
    fail(
      `PostgreSQL is not reachable at ${pgUrl} and no local cluster is installed (set FLOWSTATE_TEST_PG_URL to a server with trust or password auth)`,
    );
  for (const version of clusters) {
    console.log(`  starting PostgreSQL ${version}`);
    spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "inherit" });
  }
  for (let i = 0; i < 30 && !postgresAnswers(); i++) spawnSync("sleep", ["1"]);
  if (!postgresAnswers()) fail(`PostgreSQL did not come up at ${pgUrl}`);
}

const amqpUrl = new URL(process.env.FLOWSTATE_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672");

function rabbitAnswers() {
  const probe = `const s=require("net").connect(${Number(amqpUrl.port || 5672)},${JSON.stringify(amqpUrl.hostname)});s.setTimeout(3000);s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));s.on("timeout",()=>process.exit(1))`;
  return spawnSync(process.execPath, ["-e", probe]).status === 0;
}

/** Installs Debian's `pkg` (as root, or through `sudo -n`); fails with `why` unless `file` exists then. */
function aptInstall(pkg, file, why) {
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ["sudo", "-n"];
  const apt = (args, options = {}) =>
    spawnSync(sudo[0] ?? "apt-get", [...sudo.slice(1), ...(asRoot ? [] : ["apt-get"]), ...args], {
      stdio: "inherit",
      ...options,
    });
  console.log(`  installing Debian's ${pkg} package`);
  const update = apt(["update", "-qq"]);
  const inst = apt(["install", "-y", "-qq", pkg], { env: { ...env, DEBIAN_FRONTEND: "noninteractive" } });
  if (update.status !== 0 || inst.status !== 0 || !existsSync(file))
    fail(`could not install ${pkg} (apt-get install ${pkg}); ${why}`);
}

/** RabbitMQ for the broker tests: started when installed and down, installed from Debian when missing (local only). */
function ensureRabbitMQ() {
  step(`checking RabbitMQ at ${amqpUrl.hostname}:${amqpUrl.port || 5672}`);
  if (rabbitAnswers()) return console.log("  RabbitMQ answers");
  if (process.env.FLOWSTATE_TEST_AMQP_URL) fail(`RabbitMQ is not reachable at FLOWSTATE_TEST_AMQP_URL`);
  const server = "/usr/sbin/rabbitmq-server";
  if (!existsSync(server)) {
    aptInstall("rabbitmq-server", server, "broker tests need it");
  }
  if (rabbitAnswers()) return console.log("  RabbitMQ answers");
  console.log("  starting RabbitMQ");
  // No systemd on these machines: Debian's init script starts it as the rabbitmq user.
  const asRoot = process.getuid?.() === 0;
  spawnSync(
    asRoot ? "/etc/init.d/rabbitmq-server" : "sudo",
    asRoot ? ["start"] : ["-n", "/etc/init.d/rabbitmq-server", "start"],
    { stdio: "inherit" },
  );
  for (let i = 0; i < 60 && !rabbitAnswers(); i++) spawnSync("sleep", ["1"]);
  if (!rabbitAnswers()) fail("RabbitMQ did not come up on port 5672");
  // The port opens before the broker accepts logins: give it a moment.
  spawnSync("sleep", ["3"]);
}

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  step(`checking Chromium at ${chromium}`);
  if (existsSync(chromium)) return console.log("  found");
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${chromium} does not exist`);
  aptInstall("chromium", chromium, "e2e tests need it");
}

// ---------------------------------------------------------------- suites and their counts

function vitestSuite(project) {
  const out = path.join(resultsDir, `${project}.json`);
  rmSync(out, { force: true });
  step(`${project} tests`);
  const status = run(pnpmBin, [
    ...pnpmPrefix,
    "exec",
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out))
    return { suite: project, status, total: 0, passed: 0, failed: 0, skipped: 0, files: 0 };
  const r = JSON.parse(readFileSync(out, "utf8"));
  return {
    suite: project,
    status,
    files: r.numTotalTestSuites ?? r.testResults?.length ?? 0,
    total: r.numTotalTests,
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
  };
}

function e2eSuite() {
  step("e2e tests (Playwright, Chromium)");
  const report = path.join(root, "e2e", "test-results", "report.json");
  rmSync(report, { force: true });
  const status = run(pnpmBin, [...pnpmPrefix, "--filter", "@flowstate/e2e", "exec", "playwright", "test"]);
  if (!existsSync(report))
    return { suite: "e2e", status, total: 0, passed: 0, failed: 0, skipped: 0, files: 0 };
  const s = JSON.parse(readFileSync(report, "utf8")).stats;
  return {
    suite: "e2e",
    status,
    files: 0,
    total: s.expected + s.unexpected + s.flaky + s.skipped,
    passed: s.expected,
    failed: s.unexpected + s.flaky,
    skipped: s.skipped,
  };
}

async function test() {
  const started = Date.now();
  install();
  ensurePostgres();
  ensureRabbitMQ();
  ensureChromium();
  step("lint");
  pnpm(["lint"], "lint");
  step("typecheck");
  pnpm(["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"], "typecheck");
  build();
  mkdirSync(resultsDir, { recursive: true });
  const results = [vitestSuite("unit"), vitestSuite("integration"), e2eSuite()];

  console.log("\nsuite        tests  passed  failed  skipped");
  for (const r of results) {
    console.log(
      `${r.suite.padEnd(12)} ${String(r.total).padStart(5)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}`,
    );
  }
  const total = results.reduce((n, r) => n + r.total, 0);
  console.log(`all          ${String(total).padStart(5)}   (${Math.round((Date.now() - started) / 1000)} s)`);
  const problems = results
    .flatMap((r) => [
      r.status !== 0 ? `${r.suite}: exited with ${r.status}` : [],
      r.total === 0 ? `${r.suite}: no tests ran` : [],
      r.failed > 0 ? `${r.suite}: ${r.failed} failed` : [],
      r.skipped > 0 ? `${r.suite}: ${r.skipped} skipped (skipping is not allowed)` : [],
    ])
    .flat();
  if (problems.length) fail(problems.join("; "));
  console.log("\n✓ all suites passed");
}

const command = process.argv[2];
if (command === "app") await app();
else if (command === "test") await test();
else fail("usage: node flowstate.mjs app|test");
