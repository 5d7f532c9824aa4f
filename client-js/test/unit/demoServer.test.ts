// The development-only demo server (demo/server.mjs): the tokens it mints carry exactly the claims common/'s
// TokenIssuer writes and verify with the secret; bad input is a typed 400; REST calls are relayed by path to the
// right service; it listens on loopback only and serves nothing outside demo/dist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDemoServer, upstreamFor } from "../../demo/server.mjs";

const SECRET = "user-secret-0123456789abcdef-0123456789";
const SERVICE_SECRET = "service-secret-0123456789abcdef-012345";

function claimsOf(jwt: string, secret: string): Record<string, unknown> {
  const [h, p, sig] = jwt.split(".");
  assert.equal(createHmac("sha256", secret).update(`${h}.${p}`).digest("base64url"), sig, "HS256 signature");
  assert.deepEqual(JSON.parse(Buffer.from(h!, "base64url").toString()), { alg: "HS256" });
  return JSON.parse(Buffer.from(p!, "base64url").toString());
}

async function withServer(fn: (base: string, upstreamCalls: string[]) => Promise<void>) {
  const calls: string[] = [];
  const upstream: Server = createServer((req, res) => {
    calls.push(`${req.method} ${req.headers.host?.split(":")[1]} ${req.url} ${req.headers.authorization ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const port = (upstream.address() as { port: number }).port;
  const dist = mkdtempSync(join(tmpdir(), "demo-dist-"));
  writeFileSync(join(dist, "index.html"), "<p>page</p>");
  const s = await startDemoServer({ port: 0, roomUrl: `http://127.0.0.1:${port}`, mailboxUrl: `http://127.0.0.1:${port}`,
    giftUrl: `http://127.0.0.1:${port}`, tokenSecret: SECRET, serviceSecret: SERVICE_SECRET, dist });
  try {
    await fn(s.url, calls);
  } finally {
    await s.close();
    upstream.close();
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("a viewer token and an anchor token for one room, signed with the user secret and TokenIssuer's claims", async () => {
  await withServer(async (base) => {
    const v = await (await post(`${base}dev/token`, { role: "viewer" })).json() as { token: string; userId: string };
    const vc = claimsOf(v.token, SECRET);
    assert.equal(vc.role, "viewer");
    assert.equal(vc.iss, "roomcast-users");
    assert.equal(vc.aud, "roomcast");
    assert.equal(vc.sub, v.userId);
    assert.ok((vc.exp as number) > Date.now() / 1000);
    const a = await (await post(`${base}dev/token`, { role: "anchor", roomId: "42", userId: "star" })).json() as { token: string };
    const ac = claimsOf(a.token, SECRET);
    assert.deepEqual([ac.role, ac.sub, ac.rooms], ["anchor", "star", ["42"]]);
  });
});

test("bad input is a typed 400: an anchor without a room, an empty chat, a body that is not JSON", async () => {
  await withServer(async (base, calls) => {
    for (const [path, body] of [["dev/token", { role: "anchor" }], ["dev/publish", { roomId: "42", text: "  " }], ["dev/gift", { roomId: "../x" }]] as const) {
      const r = await post(`${base}${path}`, body);
      assert.equal(r.status, 400, path);
      assert.equal((await r.json() as { code: string }).code, "BAD_REQUEST");
    }
    const r = await fetch(`${base}dev/token`, { method: "POST", body: "{nope" });
    assert.equal(r.status, 400);
    assert.deepEqual(calls, [], "nothing reached the services");
  });
});

test("chat is published with a publish-scoped service credential signed with the service secret", async () => {
  await withServer(async (base, calls) => {
    assert.equal((await post(`${base}dev/publish`, { roomId: "42", text: "hi", userId: "u1" })).status, 200);
    assert.equal(calls.length, 1);
    const [method, , path, auth] = calls[0]!.split(" ");
    assert.deepEqual([method, path], ["POST", "/v1/rooms/42/messages"]);
    const c = claimsOf(calls[0]!.split("Bearer ")[1]!, SERVICE_SECRET);
    assert.deepEqual([c.role, c.iss, c.scopes], ["service", "roomcast-services", ["publish"]]);
    assert.equal(auth, "Bearer");
  });
});

test("REST calls are relayed by path with the caller's token; files outside dist are not served", async () => {
  const cfg = { roomUrl: "R", mailboxUrl: "M", giftUrl: "G" };
  assert.equal(upstreamFor("/v1/dispatch", cfg), "R");
  assert.equal(upstreamFor("/v1/dictionaries/7", cfg), "R");
  assert.equal(upstreamFor("/v1/rooms/42/messages/recent", cfg), "M");
  assert.equal(upstreamFor("/v1/rooms/42/poll", cfg), "M");
  assert.equal(upstreamFor("/v1/mailboxes/room:42/messages", cfg), "M");
  assert.equal(upstreamFor("/v1/rooms/42/gifts/ack", cfg), "G");
  assert.equal(upstreamFor("/v1/rooms/42/messages", cfg), undefined, "publishing is not relayed: only the dev endpoint publishes");
  await withServer(async (base, calls) => {
    await fetch(`${base}v1/rooms/42/poll?cursor=0`, { headers: { authorization: "Bearer abc" } });
    assert.match(calls[0]!, /^GET \d+ \/v1\/rooms\/42\/poll\?cursor=0 Bearer abc$/);
    assert.equal(await (await fetch(base)).text(), "<p>page</p>");
    assert.equal((await fetch(`${base}..%2F..%2Fetc%2Fpasswd`)).status, 404);
    assert.ok(base.startsWith("http://127.0.0.1:"), "loopback only");
  });
});
