// renderDiagram on a generated 500-node model (laid out by layoutModel) as a ratio to JSON.parse of
// the same model's JSON text, interleaved over 21 runs (5 warm-up). Also prints the absolute median
// for the "well under 300 ms in Node" budget of issue 20, and checks the scene is clean.
import { checkGeometry, renderDiagram } from "@flowstate/diagram";
import { fixtures } from "@flowstate/model/fixtures";
import { generateModel } from "@flowstate/model";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";

export async function run(): Promise<BenchResult[]> {
  const model = generateModel({ states: 25, nodesPerState: 20 });
  const text = JSON.stringify(model);
  const sales = fixtures["sales-case"];
  const salesText = JSON.stringify(sales);
  const scene = renderDiagram(model);
  const defects = checkGeometry(scene);
  if (defects.length > 0) throw new Error(`500-node scene has geometry defects: ${defects[0]?.message}`);

  const runs = 21;
  const warmup = 5;
  const samples = measureInterleaved(
    {
      render: () => renderDiagram(model),
      parse: () => JSON.parse(text),
      renderSales: () => renderDiagram(sales),
      parseSales: () => JSON.parse(salesText),
    },
    { runs, warmup },
  );
  const ratio = (a: number[], b: number[]): number[] => a.map((ms, i) => ms / (b[i] as number));
  const render = summarize(samples.render);
  const parse = summarize(samples.parse);
  const renderSales = summarize(samples.renderSales);
  const parseSales = summarize(samples.parseSales);
  const kb = (text.length / 1024).toFixed(0);
  return [
    {
      name: `diagram: renderDiagram(${model.nodes.length}-node model) vs JSON.parse`,
      unit: "× JSON.parse",
      ratio: summarize(ratio(samples.render, samples.parse)),
      detail: `median renderDiagram ${render.median.toFixed(1)} ms (min ${render.min.toFixed(1)}, max ${render.max.toFixed(1)}; ${scene.lines.length} routes, ${scene.labels.length} labels) vs JSON.parse ${parse.median.toFixed(2)} ms of ${kb} KB; ${runs} interleaved runs`,
    },
    {
      name: `diagram: renderDiagram(sales-case, ${sales.nodes.length} nodes) vs JSON.parse`,
      unit: "× JSON.parse",
      ratio: summarize(ratio(samples.renderSales, samples.parseSales)),
      detail: `median renderDiagram ${renderSales.median.toFixed(1)} ms (min ${renderSales.min.toFixed(1)}, max ${renderSales.max.toFixed(1)}) vs JSON.parse ${parseSales.median.toFixed(3)} ms`,
    },
  ];
}
