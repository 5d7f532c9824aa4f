// Builds the live-room page into demo/dist/: app.js (the page and the SDK, one ES module), index.html and the
// zstd.wasm the SDK loads on the first compressed block.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
await mkdir(here("./dist"), { recursive: true });
await build({
  entryPoints: [here("./app.ts")], outfile: here("./dist/app.js"), bundle: true, minify: true, sourcemap: true,
  format: "esm", platform: "browser", target: "es2022", logLevel: "warning",
  // The SDK's wasm URL is given explicitly (zstdWasmUrl); esbuild must not try to bundle the glue's own lookup.
  loader: { ".wasm": "file" },
});
await copyFile(here("./index.html"), here("./dist/index.html"));
const wasm = createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm").replace(/common\/index\.node\.js$/, "web/zstd.wasm");
await copyFile(wasm, here("./dist/zstd.wasm"));
console.log(`[demo] built ${here("./dist/")}`);
