import { renderDiagram } from "@flowstate/diagram";
import type { Scene } from "@flowstate/diagram";
import type { ProcessModel } from "@flowstate/model";

export interface SceneRequest {
  id: number;
  model: ProcessModel;
  collapsed: string[];
}
export interface SceneResponse {
  id: number;
  scene: Scene;
}

/** Draws scenes: in a Web Worker where there is one, else on the spot (tests, old browsers). */
export interface SceneDrawer {
  draw(model: ProcessModel, collapsed: ReadonlySet<string>, done: (scene: Scene) => void): () => void;
  close(): void;
}

let next = 0;

function startWorker(): Worker | null {
  if (typeof Worker === "undefined") return null;
  try {
    return new Worker(new URL("./sceneWorker.ts", import.meta.url), { type: "module" });
  } catch {
    return null; // blocked (CSP) or unsupported: draw on the spot
  }
}

export function createSceneDrawer(): SceneDrawer {
  const worker = startWorker();
  if (!worker) {
    return {
      draw(model, collapsed, done) {
        let live = true;
        queueMicrotask(() => {
          if (live) done(renderDiagram(model, { collapsed }));
        });
        return () => void (live = false);
      },
      close() {},
    };
  }
  const w = worker;
  return {
    draw(model, collapsed, done) {
      const id = ++next;
      const onMessage = (event: MessageEvent<SceneResponse>) => {
        if (event.data.id === id) done(event.data.scene);
      };
      w.addEventListener("message", onMessage);
      const request: SceneRequest = { id, model, collapsed: [...collapsed] };
      w.postMessage(request);
      return () => w.removeEventListener("message", onMessage);
    },
    close: () => w.terminate(),
  };
}
