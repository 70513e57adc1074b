import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { documentVoiding, loginSession, salesCase, signupSaga } from "@flowstate/model/fixtures";
import { LINE_STYLE_KINDS } from "./lineStyles";
import { renderDiagram } from "./renderDiagram";
import { sceneToSvg, xmlSafe } from "./sceneToSvg";
import type { Scene } from "./Scene";
import { box, label, line, node, state } from "./testing/sceneParts";

// ---- a small XML tree from fast-xml-parser's ordered output ----

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

function parseSvg(svg: string): El {
  expect(XMLValidator.validate(svg)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    preserveOrder: true,
    processEntities: true,
    htmlEntities: false,
    trimValues: false,
    parseAttributeValue: false,
    parseTagValue: false,
  });
  const toEl = (entry: Ordered): El | undefined => {
    const name = Object.keys(entry).find((k) => k !== ":@");
    if (!name || name === "#text" || name === "?xml") return undefined;
    const raw = (entry[name] as Ordered[]) ?? [];
    const children = raw.map(toEl).filter((c): c is El => c !== undefined);
    const text = raw.map((c) => (typeof c["#text"] === "string" ? (c["#text"] as string) : "")).join("");
    return { name, attrs: entry[":@"] ?? {}, children, text };
  };
  const roots = (parser.parse(svg) as Ordered[]).map(toEl).filter((c): c is El => c !== undefined);
  expect(roots).toHaveLength(1);
  return roots[0]!;
}

function all(el: El, test: (e: El) => boolean, found: El[] = []): El[] {
  if (test(el)) found.push(el);
  for (const child of el.children) all(child, test, found);
  return found;
}

const hasClass = (cls: string) => (e: El) => (e.attrs.class ?? "").split(" ").includes(cls);
const utf8Length = (code: number) => (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);
const textOf = (el: El): string => el.text + el.children.map(textOf).join("");

// ---- hand-made scenes ----

export function smallScene(): Scene {
  return {
    bounds: box(0, 0, 800, 200),
    states: [
      state("review", box(0, 0, 400, 200), { initial: true, name: "Review", title: "Review" }),
      state("done", box(500, 0, 300, 200), { name: "Done", title: "Done" }),
    ],
    nodes: [
      node("check", "review", box(20, 50, 120, 50), { name: "Check order", nameLines: ["Check order"] }),
      node("join", "review", box(200, 55, 40, 40), {
        kind: "and",
        mode: undefined,
        nameLines: ["join"],
        nameBox: box(190, 97, 60, 14),
      }),
      node("pick", "review", box(280, 55, 40, 40), {
        kind: "or",
        mode: undefined,
        nameLines: [],
        nameBox: box(280, 97, 40, 0),
      }),
      node("fail", "review", box(300, 140, 36, 36), {
        kind: "finalizer",
        mode: undefined,
        failed: true,
        nameLines: ["Rejected"],
        nameBox: box(288, 178, 60, 14),
      }),
      node("archive", "done", box(560, 60, 140, 50), {
        mode: "automatic",
        name: "Archive",
        nameLines: ["Archive"],
      }),
    ],
    lines: [
      line("l1", "check", "join", [140, 75, 200, 75], { labelId: "lab1" }),
      line("l2", "join", "pick", [240, 75, 280, 75], { kind: "limit" }),
      line("l3", "pick", "fail", [300, 95, 300, 120, 318, 120, 318, 140], { kind: "not" }),
      line("l4", "check", "fail", [80, 100, 80, 158, 300, 158], { kind: "failure", labelId: "lab2" }),
      line("t1", "pick", "done", [320, 75, 500, 75], { element: "transition", kind: "transition" }),
    ],
    labels: [
      label("lab1", "l1", box(145, 58, 50, 14), "amount…", { fullText: 'amount > 100 and region = "EU"' }),
      label("lab2", "l4", box(120, 150, 56, 16), "✕ failed", { kind: "failure" }),
    ],
    problems: [],
  };
}

describe("sceneToSvg", () => {
  it("writes a standalone SVG 1.1 document sized from the bounds and padding", () => {
    const svg = sceneToSvg(smallScene(), { padding: 20 });
    const root = parseSvg(svg);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root.name).toBe("svg");
    expect(root.attrs.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(root.attrs.version).toBe("1.1");
    expect(root.attrs.viewBox).toBe("-20 -20 840 240");
    expect([root.attrs.width, root.attrs.height]).toEqual(["840", "240"]);
    expect(root.attrs["font-family"]).toBe('Inter, "Segoe UI", Roboto, Helvetica, Arial, sans-serif');
  });

  it("draws no HTML, no foreignObject, no external or embedded CSS", () => {
    const svg = sceneToSvg(smallScene());
    const root = parseSvg(svg);
    expect(
      all(
        root,
        (e) =>
          e.name === "foreignObject" ||
          e.name === "style" ||
          e.name === "div" ||
          e.name === "script" ||
          e.name === "link",
      ),
    ).toEqual([]);
    expect(svg).not.toMatch(/foreignObject|<html|<div|@import|url\((?!#)/i);
  });

  it("has one group per state and node, one path per line, one label group with its full text as title", () => {
    const scene = smallScene();
    const root = parseSvg(sceneToSvg(scene));
    const states = all(root, (e) => e.name === "g" && hasClass("state")(e));
    const nodes = all(root, (e) => e.name === "g" && hasClass("node")(e));
    const lines = all(root, (e) => e.name === "path" && hasClass("line")(e));
    const labels = all(root, (e) => e.name === "g" && hasClass("label")(e));
    expect(states.map((e) => e.attrs["data-id"])).toEqual(scene.states.map((s) => s.id));
    expect(nodes.map((e) => e.attrs["data-id"])).toEqual(scene.nodes.map((s) => s.id));
    expect(lines.map((e) => e.attrs["data-id"])).toEqual(scene.lines.map((s) => s.id));
    expect(lines.map((e) => e.attrs.class)).toEqual([
      "line line-flow",
      "line line-limit",
      "line line-not",
      "line line-failure",
      "line line-transition",
    ]);
    expect(labels.map((e) => e.children.find((c) => c.name === "title")?.text)).toEqual([
      'amount > 100 and region = "EU"',
      "✕ failed",
    ]);
    expect(labels.map((e) => textOf(e.children.find((c) => c.name === "text")!))).toEqual([
      "amount…",
      "✕ failed",
    ]);
    // Each node's name lines are drawn; the action's name sits in its name box.
    expect(textOf(nodes[0]!.children.find((c) => c.name === "text")!)).toBe("Check order");
    expect(textOf(states[0]!.children.find((c) => c.name === "text")!)).toBe("Review");
  });

  it("defines one arrow head per line kind and every line ends in a defined one, dotted kinds dashed", () => {
    const root = parseSvg(sceneToSvg(smallScene()));
    const markers = all(root, (e) => e.name === "marker").map((e) => e.attrs.id);
    expect(markers).toEqual(LINE_STYLE_KINDS.map((k) => `arrow-${k}`));
    for (const path of all(root, hasClass("line"))) {
      const kind = path.attrs.class!.split(" ")[1]!.slice("line-".length);
      expect(path.attrs["marker-end"]).toBe(`url(#arrow-${kind})`);
      expect(path.attrs["stroke-dasharray"] !== undefined).toBe(kind === "limit" || kind === "not");
      expect(path.attrs.fill).toBe("none");
    }
  });

  it("fills and/or diamonds, their glyphs and finalizers explicitly (never the default black)", () => {
    const root = parseSvg(sceneToSvg(smallScene()));
    for (const id of ["join", "pick", "fail"]) {
      const group = all(root, (e) => e.attrs["data-id"] === id && e.name === "g")[0]!;
      const shapes = all(group, (e) => ["path", "circle", "rect"].includes(e.name));
      expect(shapes.length).toBeGreaterThan(0);
      for (const shape of shapes) {
        expect(shape.attrs.fill).toBeDefined();
        expect(["#000", "#000000", "black"]).not.toContain(shape.attrs.fill);
      }
    }
    const pickGlyph = all(root, (e) => e.attrs["data-id"] === "pick")[0]!.children.find(
      (c) => c.attrs.class === "node-glyph",
    )!;
    expect(pickGlyph.attrs.fill).toBe("#ffffff");
    const finalizer = all(root, (e) => e.attrs["data-id"] === "fail")[0]!;
    expect(finalizer.attrs.class).toContain("failed");
    expect(finalizer.children.find((c) => c.attrs.class === "node-shape")!.attrs.stroke).toBe("#c8283c");
  });

  it("escapes hostile text and replaces characters XML 1.0 cannot carry", () => {
    const scene = smallScene();
    const hostile =
      "A</text><script>alert(\"x\")</script>&amp; \u0000\u0001\u001f\uDFFF\uD800\uFFFE ]]> 'quote' 😀";
    scene.states[0] = { ...scene.states[0]!, name: hostile, title: hostile, id: 'id"><script>' };
    scene.nodes[0] = { ...scene.nodes[0]!, name: hostile, nameLines: [hostile] };
    scene.labels[0] = { ...scene.labels[0]!, text: hostile, fullText: hostile };
    scene.lines[0] = { ...scene.lines[0]!, path: 'M0 0"/><script>alert(1)</script>' };
    const svg = sceneToSvg(scene, { overlay: { marks: {}, caption: hostile } });
    const root = parseSvg(svg);
    expect(all(root, (e) => e.name === "script")).toEqual([]);
    // Only characters of XML 1.0's Char production remain.
    const forbidden = [...svg].filter((c) => {
      const code = c.codePointAt(0)!;
      return (
        (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code === 0xfffe || code === 0xffff
      );
    });
    expect(forbidden).toEqual([]);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(svg)).toBe(false);
    const expected = xmlSafe(hostile);
    expect(expected).toBe(
      "A</text><script>alert(\"x\")</script>&amp; \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD ]]> 'quote' 😀",
    );
    const stateGroup = all(root, hasClass("state"))[0]!;
    expect(stateGroup.attrs["data-id"]).toBe('id"><script>');
    expect(stateGroup.children.find((c) => c.name === "title")!.text).toBe(expected);
    expect(textOf(all(root, hasClass("caption"))[0]!)).toBe(expected);
    expect(all(root, hasClass("label"))[0]!.children.find((c) => c.name === "title")!.text).toBe(expected);
    // The unusable path data was replaced by one built from the points.
    expect(all(root, hasClass("line"))[0]!.attrs.d).toBe("M140 75L200 75");
  });

  it("draws what it can from bad geometry without throwing", () => {
    const scene = smallScene();
    scene.bounds = box(Number.NaN, 0, Number.POSITIVE_INFINITY, 10);
    scene.nodes[0] = { ...scene.nodes[0]!, box: box(Number.NaN, 1e308, -5, Number.NaN) };
    scene.lines[1] = {
      ...scene.lines[1]!,
      path: "",
      points: [
        { x: Number.NaN, y: 0 },
        { x: 1, y: 2 },
      ],
    };
    const svg = sceneToSvg(scene, { padding: Number.NaN, background: 'red" onload="x' });
    const root = parseSvg(svg);
    expect(svg).not.toMatch(/NaN|Infinity|onload/);
    expect(all(root, hasClass("line"))[1]!.attrs.d).toBe("M1 2");
  });

  it("is deterministic: the same scene gives the same bytes", () => {
    const overlay = {
      marks: { review: "current", l1: "taken", check: "completed" } as const,
      caption: "Instance 1042",
    };
    const a = sceneToSvg(smallScene(), { overlay });
    const b = sceneToSvg(JSON.parse(JSON.stringify(smallScene())) as Scene, {
      overlay: JSON.parse(JSON.stringify(overlay)) as typeof overlay,
    });
    expect(a).toBe(b);
  });

  it("draws an instance overlay as classes and inline colours, with its caption", () => {
    const overlay = {
      marks: {
        review: "current",
        check: "completed",
        l1: "taken",
        archive: "locked",
        fail: "incident",
        l4: "failed",
      } as const,
      caption: "Instance 1042 · in Review",
    };
    const plain = parseSvg(sceneToSvg(smallScene()));
    const root = parseSvg(sceneToSvg(smallScene(), { overlay }));
    const byId = (r: El, id: string) => all(r, (e) => e.attrs["data-id"] === id)[0]!;
    expect(byId(root, "review").attrs.class).toBe("state initial mark-current");
    expect(byId(root, "check").attrs.class).toContain("mark-completed");
    expect(byId(root, "archive").attrs.opacity).toBe("0.45");
    expect(byId(root, "fail").attrs.class).toContain("mark-incident");
    const taken = byId(root, "l1");
    expect(taken.attrs.class).toBe("line line-flow mark-taken");
    expect(taken.attrs.stroke).not.toBe(byId(plain, "l1").attrs.stroke);
    expect(taken.attrs["marker-end"]).toBe("url(#arrow-flow-taken)");
    expect(all(root, (e) => e.name === "marker").map((e) => e.attrs.id)).toContain("arrow-flow-taken");
    expect(byId(root, "check").children.find((c) => c.attrs.class === "node-box")!.attrs.stroke).not.toBe(
      byId(plain, "check").children.find((c) => c.attrs.class === "node-box")!.attrs.stroke,
    );
    expect(textOf(all(root, hasClass("caption"))[0]!)).toBe("Instance 1042 · in Review");
    expect(root.attrs.viewBox).not.toBe(plain.attrs.viewBox); // room for the caption
  });

  it("hides the nodes of collapsed states and draws their title bar as the whole box", () => {
    const scene = smallScene();
    scene.states[1] = {
      ...scene.states[1]!,
      collapsed: true,
      box: box(500, 0, 300, 30),
      titleBox: box(512, 7, 276, 16),
    };
    const root = parseSvg(sceneToSvg(scene));
    expect(all(root, hasClass("node")).map((e) => e.attrs["data-id"])).toEqual([
      "check",
      "join",
      "pick",
      "fail",
    ]);
    expect(all(root, hasClass("state"))[1]!.attrs.class).toBe("state collapsed");
  });

  it("keeps a sales-case-sized drawing (12 states, 120 nodes, 150 lines, 60 labels) under 300 KB", () => {
    const scene: Scene = {
      bounds: box(0, 0, 4000, 2400),
      states: [],
      nodes: [],
      lines: [],
      labels: [],
      problems: [],
    };
    for (let s = 0; s < 12; s++) {
      const sx = (s % 4) * 1000;
      const sy = Math.floor(s / 4) * 800;
      scene.states.push(
        state(`state-${s}`, box(sx, sy, 900, 700), {
          name: `State number ${s} with a long name`,
          title: `State number ${s} with a long name`,
        }),
      );
      for (let k = 0; k < 10; k++) {
        const id = `node-${s}-${k}`;
        const b = box(sx + 30 + (k % 3) * 280, sy + 60 + Math.floor(k / 3) * 150, 200, 56);
        scene.nodes.push(
          node(id, `state-${s}`, b, {
            name: `Action ${k} of state ${s} with a name`,
            nameLines: [`Action ${k} of state ${s}`, "with a name"],
            nameBox: box(b.x + 26, b.y + 8, 160, 30),
          }),
        );
        if (k > 0) {
          const points = [
            { x: b.x - 80, y: b.y + 28 },
            { x: b.x - 40, y: b.y + 28 },
            { x: b.x - 40, y: b.y + 20 },
            { x: b.x, y: b.y + 20 },
          ];
          scene.lines.push(
            line(`line-${s}-${k}`, `node-${s}-${k - 1}`, id, points, {
              kind: k % 3 === 0 ? "limit" : "flow",
              labelId: k % 2 === 0 ? `label-${s}-${k}` : undefined,
            }),
          );
          if (k % 2 === 0)
            scene.labels.push(
              label(`label-${s}-${k}`, `line-${s}-${k}`, box(b.x - 70, b.y, 60, 16), "amount > 1…", {
                fullText: `amount > 100 and customer.segment = "premium" ${s}-${k}`,
              }),
            );
        }
      }
      scene.lines.push(
        line(
          `transition-${s}`,
          `node-${s}-9`,
          `state-${(s + 1) % 12}`,
          [
            { x: sx + 900, y: sy + 400 },
            { x: sx + 950, y: sy + 400 },
            { x: sx + 950, y: sy + 820 },
            { x: sx + 1000, y: sy + 820 },
          ],
          { element: "transition", kind: "transition" },
        ),
      );
    }
    const svg = sceneToSvg(scene);
    parseSvg(svg);
    let bytes = 0;
    for (const char of svg) bytes += utf8Length(char.codePointAt(0)!);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  for (const [name, model] of Object.entries({
    "sales-case": salesCase,
    "document-voiding": documentVoiding,
    "login-session": loginSession,
    "signup-saga": signupSaga,
  })) {
    it(`exports ${name}: valid XML, one path per line and transition, one group per node, under 300 KB`, () => {
      const scene = renderDiagram(model);
      const svg = sceneToSvg(scene);
      const root = parseSvg(svg);
      expect(svg).not.toMatch(/foreignObject/);
      expect(
        all(root, (e) => e.name === "path" && hasClass("line")(e))
          .map((e) => e.attrs["data-id"])
          .sort(),
      ).toEqual([...model.lines.map((l) => l.id), ...model.transitions.map((t) => t.id)].sort());
      expect(
        all(root, (e) => e.name === "g" && hasClass("node")(e))
          .map((e) => e.attrs["data-id"])
          .sort(),
      ).toEqual(model.nodes.map((n) => n.id).sort());
      expect(all(root, (e) => e.name === "g" && hasClass("state")(e))).toHaveLength(model.states.length);
      expect(all(root, (e) => e.name === "g" && hasClass("label")(e))).toHaveLength(scene.labels.length);
      let bytes = 0;
      for (const char of svg) bytes += utf8Length(char.codePointAt(0)!);
      expect(bytes).toBeLessThan(300 * 1024);
      expect(sceneToSvg(renderDiagram(model))).toBe(svg); // same model, same bytes
    });
  }
});
