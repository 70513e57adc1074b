// validateModel on a generated 500-node model, as a ratio to JSON.parse of the same document text
// (the cheapest thing one can do with it), interleaved over 21 runs (5 warm-up). Also prints the absolute median
// for the "well under 50 ms" budget of issue 3 and checks the model is lint clean.
import { generateModel, validateModel } from "@flowstate/model";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";

export async function run(): Promise<BenchResult[]> {
  const model = generateModel({ states: 25, nodesPerState: 20 });
  const text = JSON.stringify(model);
  const document = JSON.parse(text) as unknown;
  const problems = validateModel(document);
  if (problems.length > 0) throw new Error(`generated model is not clean: ${problems[0]?.message}`);

  // validateModel memoises FEEL parses by expression text; "cold" validates a fresh variant each
  // round whose 200 complex expressions differ from every earlier one, so none is cached.
  const runs = 21;
  const warmup = 5;
  const variants = Array.from(
    { length: runs + warmup },
    (_, r) => JSON.parse(text.replaceAll('"high-', `"high-r${r}-`)) as unknown,
  );
  let round = 0;
  const samples = measureInterleaved(
    {
      validate: () => validateModel(document),
      parse: () => JSON.parse(text),
      validateText: () => validateModel(text),
      cold: () => validateModel(variants[round++]),
    },
    { runs, warmup },
  );
  const ratios = samples.validate.map((ms, i) => ms / (samples.parse[i] as number));
  const textRatios = samples.validateText.map((ms, i) => ms / (samples.parse[i] as number));
  const coldRatios = samples.cold.map((ms, i) => ms / (samples.parse[i] as number));
  const cold = summarize(samples.cold);
  const validate = summarize(samples.validate);
  const parse = summarize(samples.parse);
  const validateText = summarize(samples.validateText);
  const nodes = model.nodes.length;
  const kb = (text.length / 1024).toFixed(0);
  return [
    {
      name: `model: validateModel(${nodes}-node model) vs JSON.parse`,
      unit: "× JSON.parse",
      ratio: summarize(ratios),
      detail: `median validateModel ${validate.median.toFixed(2)} ms (min ${validate.min.toFixed(2)}, max ${validate.max.toFixed(2)}) vs JSON.parse ${parse.median.toFixed(2)} ms of ${kb} KB; 21 interleaved runs`,
    },
    {
      name: `model: validateModel(${nodes} nodes, cold FEEL cache) vs JSON.parse`,
      unit: "× JSON.parse",
      ratio: summarize(coldRatios),
      detail: `median ${cold.median.toFixed(2)} ms (max ${cold.max.toFixed(2)}) with every complex FEEL expression parsed`,
    },
    {
      name: `model: validateModel(JSON text, ${nodes} nodes) vs JSON.parse`,
      unit: "× JSON.parse",
      ratio: summarize(textRatios),
      detail: `median ${validateText.median.toFixed(2)} ms including its own JSON.parse`,
    },
  ];
}
