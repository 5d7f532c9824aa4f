// DEVELOPMENT ONLY. The live-room page's server: serves demo/dist/, mints viewer and anchor tokens, publishes
// chat and sends demo gifts with service credentials, and relays the page's REST calls to the services (they
// send no CORS headers; one origin keeps the page simple). It holds the stack's token secrets, listens on
// 127.0.0.1 only and must never run next to a production stack: a real app gets its tokens from its own login
// backend and publishes from its business backend.
//
//   node demo/server.mjs        (bin/roomcast demo / bin/roomcast page start it with the launcher's secrets)
//   ROOMCAST_TOKEN_SECRET, ROOMCAST_SERVICE_TOKEN_SECRET   the stack's secrets (required)
//   ROOMCAST_DEMO_PAGE_PORT (8088), ROOMCAST_DEMO_ROOM_URL (http://127.0.0.1:8082),
//   ROOMCAST_DEMO_MAILBOX_URL (http://127.0.0.1:8083), ROOMCAST_DEMO_GIFT_URL (http://127.0.0.1:8084)
import { createServer } from "node:http";
import { createHmac, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { extname, join, normalize, resolve } from "node:path";

const DIST = fileURLToPath(new URL("./dist/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
  ".png": "image/png", ".map": "application/json" };
const TOKEN_TTL_S = 3600;
const MAX_TEXT = 200;

/** An HS256 JWT with the claims common/'s TokenIssuer writes (sub, role, rooms, scopes, iss, aud, iat, exp). */
export function signToken(secret, claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: "HS256" })}.${b64({ aud: "roomcast", iat: now, exp: now + TOKEN_TTL_S, ...claims })}`;
  return `${head}.${createHmac("sha256", Buffer.from(secret, "utf8")).update(head).digest("base64url")}`;
}

/** Which service a page REST call goes to, by its path (the SDK's REST calls: dispatcher, dictionaries, mailbox, gifts). */
export function upstreamFor(path, cfg) {
  if (path.startsWith("/v1/dispatch") || path.startsWith("/v1/dictionaries")) return cfg.roomUrl;
  if (path.startsWith("/v1/mailboxes/") || /^\/v1\/rooms\/[^/]+\/(messages\/recent|poll)/.test(path)) return cfg.mailboxUrl;
  if (/^\/v1\/rooms\/[^/]+\/gifts/.test(path)) return cfg.giftUrl;
  return undefined;
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export async function startDemoServer(options = {}) {
  const cfg = {
    port: Number(options.port ?? process.env.ROOMCAST_DEMO_PAGE_PORT ?? 8088),
    roomUrl: options.roomUrl ?? process.env.ROOMCAST_DEMO_ROOM_URL ?? "http://127.0.0.1:8082",
    mailboxUrl: options.mailboxUrl ?? process.env.ROOMCAST_DEMO_MAILBOX_URL ?? "http://127.0.0.1:8083",
    giftUrl: options.giftUrl ?? process.env.ROOMCAST_DEMO_GIFT_URL ?? "http://127.0.0.1:8084",
    tokenSecret: options.tokenSecret ?? process.env.ROOMCAST_TOKEN_SECRET,
    serviceSecret: options.serviceSecret ?? process.env.ROOMCAST_SERVICE_TOKEN_SECRET,
    dist: options.dist ?? DIST,
  };
  if (!cfg.tokenSecret || !cfg.serviceSecret) {
    throw new Error("ROOMCAST_TOKEN_SECRET and ROOMCAST_SERVICE_TOKEN_SECRET are required (bin/roomcast passes .roomcast/'s)");
  }
  const service = (scope) => signToken(cfg.serviceSecret, { sub: "demo-page", role: "service", iss: "roomcast-services", scopes: [scope] });

  const routes = {
    // { role: "viewer" | "anchor", roomId } -> { token, userId }
    "POST /dev/token": async (body) => {
      const role = body.role === "anchor" ? "anchor" : "viewer";
      if (role === "anchor" && !ID.test(body.roomId ?? "")) return [400, { code: "BAD_REQUEST", message: "roomId required for an anchor" }];
      const userId = ID.test(body.userId ?? "") ? body.userId : `web-${randomUUID().slice(0, 8)}`;
      const claims = { sub: userId, role, iss: "roomcast-users", ...(role === "anchor" ? { rooms: [body.roomId] } : {}) };
      return [200, { token: signToken(cfg.tokenSecret, claims), userId }];
    },
    // { roomId, text, userId, nickname } -> room-service's publish answer
    "POST /dev/publish": async (body) => {
      if (!ID.test(body.roomId ?? "") || typeof body.text !== "string" || !body.text.trim() || body.text.length > MAX_TEXT) {
        return [400, { code: "BAD_REQUEST", message: `roomId and a text of 1..${MAX_TEXT} characters required` }];
      }
      const r = await fetch(`${cfg.roomUrl}/v1/rooms/${encodeURIComponent(body.roomId)}/messages`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service("publish")}` },
        body: JSON.stringify({ type: "CHAT", body: body.text,
          sender: { userId: String(body.userId ?? "web"), nickname: String(body.nickname ?? body.userId ?? "web").slice(0, 32) } }),
      });
      return [r.status, await r.json().catch(() => ({}))];
    },
    // { roomId, count?, fromNickname? } -> gift-service's answer (a paid gift as the payment backend records it)
    "POST /dev/gift": async (body) => {
      if (!ID.test(body.roomId ?? "")) return [400, { code: "BAD_REQUEST", message: "roomId required" }];
      const r = await fetch(`${cfg.giftUrl}/v1/gifts`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service("gift.send")}` },
        body: JSON.stringify({ orderId: body.orderId ?? `demo-${randomUUID()}`, roomId: body.roomId, fromUser: "web-fan",
          fromNickname: String(body.fromNickname ?? "web fan").slice(0, 32), giftId: "rocket", giftName: "Rocket",
          count: Math.max(1, Math.min(99, Number(body.count ?? 1) | 0)), unitValue: 100 }),
      });
      return [r.status, await r.json().catch(() => ({}))];
    },
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status, type, data) => { res.writeHead(status, { "content-type": type, "cache-control": "no-store" }); res.end(data); };
    try {
      const route = routes[`${req.method} ${url.pathname}`];
      if (route) {
        const raw = await readBody(req);
        let body;
        try { body = JSON.parse(raw || "{}"); } catch { return send(400, "application/json", JSON.stringify({ code: "BAD_REQUEST", message: "JSON body required" })); }
        const [status, out] = await route(body);
        return send(status, "application/json", JSON.stringify(out));
      }
      const upstream = upstreamFor(url.pathname, cfg);
      if (upstream) {
        const headers = {};
        if (req.headers.authorization) headers.authorization = req.headers.authorization;
        if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
        const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req);
        const r = await fetch(`${upstream}${url.pathname}${url.search}`, { method: req.method, headers, body });
        const out = Buffer.from(await r.arrayBuffer());
        const h = { "content-type": r.headers.get("content-type") ?? "application/octet-stream" };
        if (r.headers.get("etag")) h.etag = r.headers.get("etag");
        res.writeHead(r.status, h);
        return res.end(out);
      }
      if (req.method !== "GET") return send(405, "text/plain", "method not allowed");
      const rel = url.pathname === "/" ? "index.html" : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, "");
      if (rel.includes("..")) return send(404, "text/plain", "not found");
      const data = await readFile(join(cfg.dist, rel)).catch(() => undefined);
      if (!data) return send(404, "text/plain", "not found (built? npm run demo:build)");
      return send(200, TYPES[extname(rel)] ?? "application/octet-stream", data);
    } catch (e) {
      send(502, "application/json", JSON.stringify({ code: "UPSTREAM_FAILED", message: String(e?.message ?? e) }));
    }
  });
  await new Promise((resolve, reject) => { server.once("error", reject); server.listen(cfg.port, "127.0.0.1", resolve); });
  const port = server.address().port;
  return { url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => { size += c.length; if (size > 64 * 1024) { reject(new Error("body too large")); req.destroy(); } else chunks.push(c); });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const s = await startDemoServer();
  console.log(`[demo] live-room page (development only): ${s.url}?room=demo   anchor view of another room: ${s.url}?room=my-room&anchor=1`);
}
