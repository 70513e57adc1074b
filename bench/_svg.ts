import { writeFileSync } from "node:fs";
import { generateModel } from "@flowstate/model";
import { fixtures } from "@flowstate/model/fixtures";
import { renderDiagram } from "../packages/diagram/src/renderDiagram";
import type { Scene } from "../packages/diagram/src/Scene";
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
function svg(scene: Scene, crop?: { x: number; y: number; width: number; height: number }): string {
  const b = crop ?? scene.bounds;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${b.x - 20} ${b.y - 20} ${b.width + 40} ${b.height + 40}" width="${(b.width + 40)}" height="${(b.height + 40)}" font-family="Inter, sans-serif"><rect x="${b.x - 20}" y="${b.y - 20}" width="${b.width + 40}" height="${b.height + 40}" fill="white"/>`];
  for (const s of scene.states) out.push(`<rect x="${s.box.x}" y="${s.box.y}" width="${s.box.width}" height="${s.box.height}" fill="#f4f6fa" stroke="#99a" rx="6"/><rect x="${s.box.x}" y="${s.box.y}" width="${s.box.width}" height="30" fill="#e3e8f0"/><text x="${s.titleBox.x}" y="${s.titleBox.y + 13}" font-size="13" font-weight="600">${esc(s.title)}</text>`);
  for (const n of scene.nodes) {
    out.push(n.kind === "action" ? `<rect x="${n.box.x}" y="${n.box.y}" width="${n.box.width}" height="${n.box.height}" fill="white" stroke="#335" rx="6"/>` : `<circle cx="${n.box.x + n.box.width / 2}" cy="${n.box.y + n.box.height / 2}" r="${n.box.width / 2}" fill="white" stroke="#335"/>`);
    n.nameLines.forEach((l, i) => out.push(`<text x="${n.nameBox.x + n.nameBox.width / 2}" y="${n.nameBox.y + 12 + i * 15}" font-size="12" text-anchor="middle">${esc(l)}</text>`));
  }
  const colour: Record<string, string> = { flow: "#222", failure: "#c33", limit: "#36c", not: "#c0c", transition: "#080" };
  for (const l of scene.lines) out.push(`<path d="${l.path}" fill="none" stroke="${colour[l.kind]}" stroke-width="1.3" ${l.kind === "limit" || l.kind === "not" ? 'stroke-dasharray="3 3"' : ""}/><circle cx="${l.points.at(-1)!.x}" cy="${l.points.at(-1)!.y}" r="2.5" fill="${colour[l.kind]}"/>`);
  for (const l of scene.labels) {
    if (l.anchor) out.push(`<line x1="${l.anchor.x}" y1="${l.anchor.y}" x2="${l.box.x + l.box.width / 2}" y2="${l.box.y + l.box.height / 2}" stroke="#aaa" stroke-dasharray="2 2"/>`);
    out.push(`<rect x="${l.box.x}" y="${l.box.y}" width="${l.box.width}" height="${l.box.height}" fill="white" fill-opacity="0.85" stroke="#ddd"/><text x="${l.box.x + 3}" y="${l.box.y + 12}" font-size="11">${esc(l.text)}</text>`);
  }
  out.push("</svg>");
  return out.join("\n");
}
const which = process.argv[2] ?? "sales-case";
const m = which === "g100" ? generateModel({ states: 5, nodesPerState: 20 }) : fixtures[which as keyof typeof fixtures];
const scene = renderDiagram(m);
const crop = process.argv[3] ? JSON.parse(process.argv[3]) : undefined;
writeFileSync(`/tmp/dr_${which}.svg`, svg(scene, crop));
