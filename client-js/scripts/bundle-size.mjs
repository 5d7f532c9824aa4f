// The browser bundle's size: the SDK minified + gzip (budget 25 KB), with zstd-wasm's JS glue left out and
// bundled in, and the zstd.wasm file the browser loads beside it.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const BUDGET_BYTES = 25 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function size(external) {
  const out = await build({
    entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "browser",
    target: "es2022", write: false, external, logLevel: "error",
  });
  const code = out.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

const sdk = await size(["@bokuweb/zstd-wasm"]);
const withGlue = await size([]);
const wasmPath = createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm").replace(/common\/index\.node\.js$/, "web/zstd.wasm");
const wasm = readFileSync(wasmPath);
console.log(`SDK (without zstd-wasm):        ${kb(sdk.min)} min, ${kb(sdk.gz)} gzip (budget ${kb(BUDGET_BYTES)})`);
console.log(`SDK + zstd-wasm JS glue:        ${kb(withGlue.min)} min, ${kb(withGlue.gz)} gzip`);
console.log(`zstd.wasm (loaded on first use): ${kb(wasm.length)}, ${kb(gzipSync(wasm, { level: 9 }).length)} gzip`);
if (sdk.gz > BUDGET_BYTES) {
  console.error("over the bundle budget");
  process.exit(1);
}
