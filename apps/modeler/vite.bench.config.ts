import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The canvas benchmark page (bench/modeler/drag.bench.ts builds and serves it): our canvas and a
// stock React Flow canvas on the same generated graph; and, as bench.html?play, the sales case's
// scenarios stepped in the browser (bench/modeler/play.bench.ts). Not part of the app build.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: "dist/bench",
    emptyOutDir: true,
    minify: false,
    rollupOptions: { input: "bench.html" },
    chunkSizeWarningLimit: 4000,
  },
});
