// FEEL under the step budget (decision 0009): evaluateFeel — feelin metered per node, with the
// linear-time regex built-ins in the context — as a ratio to feelin's own evaluate without limits
// on the same (patched) feelin, interleaved over 21 runs (5 warm-up). Typical mapping/condition
// expressions and a loop-heavy one; plus matches() on re2js vs feelin's RegExp for an ordinary
// pattern. Goal: metering costs ≤ 1.3× on the expressions models use.
import { evaluate } from "feelin";
import { evaluateFeel } from "@flowstate/model";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";

const context = {
  amount: 1250,
  customer: { name: "Ann", tier: "gold", address: { city: "Riga" } },
  items: Array.from({ length: 20 }, (_, i) => ({ sku: `s${i}`, qty: i % 3, price: 10 + i })),
  email: "ann.smith@example.com",
};

const typical = [
  'if amount > 1000 then "review" else "auto"',
  'customer.tier = "gold" and amount < 5000',
  "sum(for i in items return i.qty * i.price)",
  "count(items[qty > 0])",
  'upper case(customer.name) + " from " + customer.address.city',
  "{ total: amount * 1.21, big: amount > 1000 }",
];
const loop = "count(for i in 1..1000 return i * 2 + 1)";
const regex = 'matches(email, "^[a-z.]+@[a-z]+\\\\.[a-z]+$")';

export async function run(): Promise<BenchResult[]> {
  for (const e of [...typical, loop, regex]) {
    const a = evaluateFeel(e, context);
    const b = evaluate(e, { ...context });
    if (!a.ok || JSON.stringify(a.value) !== JSON.stringify(b.value ?? null))
      throw new Error(`results differ for ${e}`);
  }
  const runs = 21;
  const samples = measureInterleaved(
    {
      metered: () => typical.forEach((e) => evaluateFeel(e, context)),
      plain: () => typical.forEach((e) => evaluate(e, { ...context })),
      meteredLoop: () => evaluateFeel(loop, context),
      plainLoop: () => evaluate(loop, { ...context }),
      re2: () => evaluateFeel(regex, context),
      regexp: () => evaluate(regex, { ...context }),
    },
    { runs, warmup: 5, inner: 20 },
  );
  const ratio = (a: number[], b: number[]) => summarize(a.map((ms, i) => ms / (b[i] as number)));
  const us = (ms: number) => (ms * 1000).toFixed(1);
  const m = summarize(samples.metered);
  const p = summarize(samples.plain);
  const ml = summarize(samples.meteredLoop);
  const pl = summarize(samples.plainLoop);
  const r = summarize(samples.re2);
  const x = summarize(samples.regexp);
  return [
    {
      name: `engine: FEEL metered (evaluateFeel) vs unlimited feelin, ${typical.length} typical expressions`,
      unit: "× (goal ≤ 1.3)",
      ratio: ratio(samples.metered, samples.plain),
      detail: `median ${us(m.median)} µs (min ${us(m.min)}, max ${us(m.max)}) for the ${typical.length} vs ${us(p.median)} µs (min ${us(p.min)}, max ${us(p.max)}); ${runs} interleaved runs × 20 calls`,
    },
    {
      name: "engine: FEEL metered vs unlimited feelin, a 1,000-iteration for loop",
      unit: "×",
      ratio: ratio(samples.meteredLoop, samples.plainLoop),
      detail: `median ${us(ml.median)} µs (min ${us(ml.min)}, max ${us(ml.max)}) vs ${us(pl.median)} µs (min ${us(pl.min)}, max ${us(pl.max)})`,
    },
    {
      name: "engine: FEEL matches() on re2js vs feelin's RegExp, an ordinary pattern",
      unit: "×",
      ratio: ratio(samples.re2, samples.regexp),
      detail: `median ${us(r.median)} µs (min ${us(r.min)}, max ${us(r.max)}) vs ${us(x.median)} µs (min ${us(x.min)}, max ${us(x.max)}); compiled patterns are cached`,
    },
  ];
}
