/// <reference lib="webworker" />
/**
 * Draws scenes off the main thread: `renderDiagram` routes every line (about a second for a
 * 500-node model), which must never block a drag or typing. One request at a time matters: the
 * page only keeps the answer to its latest request.
 */
import { renderDiagram } from "@flowstate/diagram";
import type { SceneRequest, SceneResponse } from "./sceneRequests";

self.onmessage = (event: MessageEvent<SceneRequest>) => {
  const { id, model, collapsed } = event.data;
  const response: SceneResponse = { id, scene: renderDiagram(model, { collapsed: new Set(collapsed) }) };
  self.postMessage(response);
};
