import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The canvas benchmark page (bench/modeler/drag.bench.ts builds and serves it): our canvas and a
// stock React Flow canvas on the same generated graph; and the play page (bench/modeler/play.bench.ts):
// the sales case's scenarios stepped in the browser. Not part of the app build.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: "dist/bench",
    emptyOutDir: true,
    minify: false,
    rollupOptions: { input: ["bench.html", "play-bench.html"] },
    chunkSizeWarningLimit: 4000,
  },
});
