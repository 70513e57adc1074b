import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "../styles/tokens.css";
import "../styles/app.css";
import "../styles/editor.css";
import { BenchApp } from "./BenchApp";

const root = document.getElementById("root");
if (!root) throw new Error("bench.html has no #root");
const params = new URLSearchParams(location.search);
// bench.html?play: the play benchmark's page (no canvas).
if (params.has("play")) void import("./playBenchMain");
else
  createRoot(root).render(
    <BenchApp
      variant={params.get("variant") === "stock" ? "stock" : "ours"}
      states={Number(params.get("states") ?? 25)}
      nodesPerState={Number(params.get("nodesPerState") ?? 20)}
    />,
  );
