// Regenerates the TypeScript from ../proto into a temporary folder and fails when it differs from the
// committed src/gen (someone changed a .proto without `npm run generate`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = mkdtempSync(join(tmpdir(), "roomcast-gen-"));
try {
  execFileSync("npx", ["--no-install", "buf", "generate", "-o", out], { stdio: "inherit" });
  const fresh = join(out, "src/gen");
  const names = new Set([...readdirSync("src/gen"), ...readdirSync(fresh)]);
  const differ = [...names].filter((n) => {
    try { return readFileSync(join("src/gen", n), "utf8") !== readFileSync(join(fresh, n), "utf8"); } catch { return true; }
  });
  if (differ.length) {
    console.error(`src/gen is stale for: ${differ.join(", ")}. Run: npm run generate`);
    process.exit(1);
  }
  // src/wire/tables.ts: the SDK's field tables, generated from src/gen.
  const tables = join(out, "tables.ts");
  execFileSync("npx", ["--no-install", "tsx", "scripts/gen-wire.ts", tables], { stdio: "inherit" });
  if (readFileSync(tables, "utf8") !== readFileSync("src/wire/tables.ts", "utf8")) {
    console.error("src/wire/tables.ts is stale. Run: npm run generate");
    process.exit(1);
  }
  console.log(`src/gen and src/wire/tables.ts match ../proto (${names.size + 1} files)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
