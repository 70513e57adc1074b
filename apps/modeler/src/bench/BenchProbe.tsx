import { useEffect, useRef } from "react";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import type { ProcessModel } from "@flowstate/model";
import { createFrameRecorder } from "./frameRecorder";

declare global {
  interface Window {
    __bench?: {
      nodes: number;
      edges: number;
      focus(nodeId: string): Promise<{ x: number; y: number }>;
      start(): void;
      stop(): number[];
      drag(nodeId: string, ms: number): Promise<{ deltas: number[]; moved: boolean }>;
      /**
       * Milliseconds from navigation start to the first frame painted after every node of the
       * canvas was rendered and measured by React Flow (from then on a node can be dragged).
       */
      firstInteractiveFrame: Promise<number>;
    };
  }
}

let resolveFirstFrame: (ms: number) => void = () => undefined;
const firstFrame = new Promise<number>((resolve) => (resolveFirstFrame = resolve));

/** What the benchmark drives from outside: graph size, centring a node, recording frames, time to the first interactive frame. */
export function BenchProbe({ model }: { model: ProcessModel }) {
  const flow = useReactFlow();
  const initialized = useNodesInitialized();
  const seen = useRef(false);
  useEffect(() => {
    if (!initialized || seen.current) return;
    seen.current = true;
    // The frame that paints the measured nodes: its rAF runs before that paint, the next one after it.
    requestAnimationFrame(() => requestAnimationFrame(() => resolveFirstFrame(performance.now())));
  }, [initialized]);
  useEffect(() => {
    const recorder = createFrameRecorder();
    window.__bench = {
      nodes: model.nodes.length + model.states.length,
      edges: model.lines.length + model.transitions.length,
      async focus(nodeId) {
        const box = model.diagram.nodes[nodeId];
        if (!box) throw new Error(`no node ${nodeId}`);
        // The canvas may still be fitting its view (a frame after it was initialised): centre again
        // until the view stays put for a few frames, then wait for the node's element (the canvas
        // renders what is in view).
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        const selector = `.react-flow__node[data-id="${CSS.escape(nodeId)}"]`;
        const centred = () => {
          const v = flow.getViewport();
          const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
          return (
            v.zoom === 1 &&
            pane !== undefined &&
            Math.abs(v.x + cx - pane.width / 2) < 1 &&
            Math.abs(v.y + cy - pane.height / 2) < 1
          );
        };
        const deadline = performance.now() + 20_000;
        let still = 0;
        while (still < 5 && performance.now() < deadline) {
          if (!centred()) {
            still = 0;
            await flow.setCenter(cx, cy, { zoom: 1 });
          } else if (document.querySelector(selector)) still++;
          await nextFrame();
        }
        const rect = document.querySelector(selector)?.getBoundingClientRect();
        if (!rect) throw new Error(`node ${nodeId} is not rendered`);
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      },
      start: () => recorder.start(),
      stop: () => recorder.stop(),
      drag: (nodeId, ms) => dragFor(nodeId, ms),
      firstInteractiveFrame: firstFrame,
    };
  }, [flow, model]);
  return null;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/**
 * Drags a node in the page itself, one mouse move per animation frame for `ms` (a pointer moving
 * continuously, like a hand on a 60 Hz mouse), and records the frame deltas: when handling a move
 * costs more than a frame, the next frame comes late and the delta shows it. Driving from outside
 * (one CDP round trip per move) would measure the round trips, not the canvas.
 */
async function dragFor(nodeId: string, ms: number): Promise<{ deltas: number[]; moved: boolean }> {
  const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  if (!el) throw new Error(`node ${nodeId} is not rendered`);
  const rect = el.getBoundingClientRect();
  const x0 = rect.x + rect.width / 2;
  const y0 = rect.y + rect.height / 2;
  const before = el.style.transform;
  const mouse = (type: string, target: EventTarget, x: number, y: number) =>
    target.dispatchEvent(
      new MouseEvent(type, {
        clientX: x,
        clientY: y,
        screenX: x,
        screenY: y,
        bubbles: true,
        cancelable: true,
        view: window,
        button: 0,
        buttons: type === "mouseup" ? 0 : 1,
      }),
    );
  mouse("mousedown", el, x0, y0);
  const deltas: number[] = [];
  let moved = false;
  await new Promise<void>((resolve) => {
    let start = 0;
    let last = 0;
    let i = 0;
    const frame = (t: number) => {
      if (start === 0) start = t;
      if (last > 0) deltas.push(t - last);
      last = t;
      if (el.style.transform !== before) moved = true;
      if (t - start >= ms) return resolve();
      i++;
      const phase = (i % 60) / 60;
      mouse(
        "mousemove",
        window,
        x0 + 8 + Math.sin(phase * 2 * Math.PI) * 120,
        y0 + 4 + Math.cos(phase * 2 * Math.PI) * 40,
      );
      requestAnimationFrame(frame);
    };
    mouse("mousemove", window, x0 + 8, y0 + 4);
    requestAnimationFrame(frame);
  });
  mouse("mouseup", window, x0, y0);
  return { deltas, moved };
}
