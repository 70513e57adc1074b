import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// In development the modeler runs on Vite's server and proxies the API to a runtime on :3000.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/trpc": "http://localhost:3000", "/api": "http://localhost:3000" },
  },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1500 },
});
