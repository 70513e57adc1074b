export type * from "./Scene";
export { measureText } from "./measureText";
export { FONT_FAMILY } from "./fontMetrics";
export * from "./lineStyles";
export { GEOMETRY_TOLERANCE, SHARED_SEGMENT_MIN, checkGeometry } from "./checkGeometry";
export { sceneToSvg, xmlSafe } from "./sceneToSvg";
export type { SceneToSvgOptions } from "./sceneToSvg";
export { LAYOUT, layoutDiagram, packRows } from "./layoutDiagram";
export { DEFAULT_MAX_LABEL_WIDTH, renderDiagram } from "./renderDiagram";
export { SCENE_TEXT } from "./sceneText";
export { pathData, simplify } from "./geometry";
// Implemented in this package (see CONTEXT.md):
//   renderDiagram(model, options?): Scene            — pure, never throws
//   sceneToSvg(scene, options?): string              — standalone SVG (no foreignObject), overlay optional
//   checkGeometry(scene): GeometryProblem[]          — pure geometry checker
//   layoutDiagram(model): Promise<Diagram>           — elkjs layered + orthogonal routing, states and nodes
//   measureText(text, fontSize, weight?): number     — from the shipped font's metrics table
//   lineStyles                                       — stroke, dash and marker per LineStyleKind
