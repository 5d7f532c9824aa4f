// The live-room page (demo/) in Debian's Chromium, driven by playwright-core, against real Roomcast services.
// e2e's BrowserIT runs this with its cluster (`./mvnw verify`); by hand against `bin/roomcast up -d`:
//   npm run test:browser      (reads ../.roomcast/token-secret and service-token-secret)
// Environment: ROOMCAST_BROWSER_ROOM_URL / _MAILBOX_URL / _GIFT_URL (the services; default the launcher's ports),
// ROOMCAST_TOKEN_SECRET / ROOMCAST_SERVICE_TOKEN_SECRET, ROOMCAST_BROWSER_TICK_MS (room-service's tick, 1000),
// ROOMCAST_BROWSER_CONTROL_URL (BrowserIT's `POST /kill?connector=ID`: kill + restart one connector; without it the
// forced-disconnect cases are skipped), ROOMCAST_CHROMIUM (default /usr/bin/chromium).
// Screenshot: target/browser/live-page.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startDemoServer, signToken, type DemoServer } from "../../demo/server.mjs";

const env = process.env;
const executablePath = env.ROOMCAST_CHROMIUM ?? "/usr/bin/chromium";
const roomUrl = env.ROOMCAST_BROWSER_ROOM_URL ?? "http://127.0.0.1:8082";
const mailboxUrl = env.ROOMCAST_BROWSER_MAILBOX_URL ?? "http://127.0.0.1:8083";
const giftUrl = env.ROOMCAST_BROWSER_GIFT_URL ?? "http://127.0.0.1:8084";
const controlUrl = env.ROOMCAST_BROWSER_CONTROL_URL;
const tickMs = Number(env.ROOMCAST_BROWSER_TICK_MS ?? 1000);
const stateFile = (name: string) => { try { return readFileSync(new URL(`../../../.roomcast/${name}`, import.meta.url), "utf8").trim(); } catch { return undefined; } };
const tokenSecret = env.ROOMCAST_TOKEN_SECRET ?? stateFile("token-secret");
const serviceSecret = env.ROOMCAST_SERVICE_TOKEN_SECRET ?? stateFile("service-token-secret");
const ARTIFACTS = new URL("../../target/browser/", import.meta.url).pathname;
// What the issue asks of the page: a published chat is on screen within a tick (plus the slack of a loaded 2-core box).
const LIVE_SLACK_MS = 1500;

async function skipReason(): Promise<string | undefined> {
  if (!existsSync(executablePath)) return `no Chromium at ${executablePath} (apt-get install -y chromium)`;
  if (!tokenSecret || !serviceSecret) return "no token secrets (ROOMCAST_TOKEN_SECRET / ROOMCAST_SERVICE_TOKEN_SECRET or ../.roomcast/)";
  try {
    const r = await fetch(`${roomUrl}/v1/dispatch`, { signal: AbortSignal.timeout(3000) });
    if (!r.ok) return `dispatcher ${roomUrl} answered ${r.status}`;
  } catch (e) {
    return `no Roomcast at ${roomUrl} (${(e as Error).message}); start one with bin/roomcast up -d`;
  }
  return undefined;
}

const skip = await skipReason();
if (skip) console.log(`[client-js] browser tests SKIPPED: ${skip}`);

let server: DemoServer;
let context: BrowserContext;
let userDataDir: string;

before(async () => {
  if (skip) return;
  execFileSync(process.execPath, [new URL("../../demo/build.mjs", import.meta.url).pathname], { stdio: "inherit" });
  server = await startDemoServer({ port: 0, roomUrl, mailboxUrl, giftUrl, tokenSecret, serviceSecret });
  userDataDir = mkdtempSync(join(tmpdir(), "roomcast-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, viewport: { width: 1280, height: 720 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

interface Seen {
  messages: { msgId: string; type: number; body: string; at: number }[]; gifts: { seq: string; orderId: string; at: number }[];
  states: string[]; connectorId: string; delivery: string[]; stats: { blocks: number; polls: number; switchesToPoll: number; switchesToPush: number };
}
const seenOf = (page: Page) => page.evaluate(() => (window as unknown as { roomcastDemo: Seen }).roomcastDemo);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openPage(query: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log(`[page error] ${e.message}`));
  await page.goto(`${server.url}?${query}`);
  await page.waitForSelector("body[data-joined]", { timeout: 30_000 });
  return page;
}

const service = (scope: string) => signToken(serviceSecret!, { sub: "browser-test", role: "service", iss: "roomcast-services", scopes: [scope] });

async function publish(roomId: string, body: object): Promise<void> {
  const r = await fetch(`${roomUrl}/v1/rooms/${encodeURIComponent(roomId)}/messages`, {
    method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service("publish")}` }, body: JSON.stringify(body),
  });
  assert.ok(r.ok, `publish: ${r.status} ${await r.text()}`);
}

async function devChat(roomId: string, text: string): Promise<number> {
  const r = await fetch(`${server.url}dev/publish`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ roomId, text, userId: "tester", nickname: "tester" }),
  });
  assert.ok(r.ok, `dev publish: ${r.status} ${await r.text()}`);
  return Date.now();
}

async function sendGift(roomId: string, orderId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(`${giftUrl}/v1/gifts`, {
        method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service("gift.send")}` },
        body: JSON.stringify({ orderId, roomId, fromUser: "fan", fromNickname: "fan", giftId: "rocket", giftName: "Rocket", count: 1, unitValue: 100 }),
      });
      if (r.ok) return;
      if (attempt >= 5) assert.fail(`gift ${orderId}: ${r.status} ${await r.text()}`);
    } catch (e) {
      if (attempt >= 5) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));   // the payment backend retries an order; the order id makes it idempotent
  }
}

async function killConnector(id: string): Promise<void> {
  const r = await fetch(`${controlUrl}/kill?connector=${encodeURIComponent(id)}`, { method: "POST" });
  assert.ok(r.ok, `kill ${id}: ${r.status} ${await r.text()}`);
}

const chats = (s: Seen, prefix: string) => s.messages.filter((m) => m.body.startsWith(prefix));

test("a viewer sees the room's history on entering, then published chat in order within a tick; screenshot", { skip }, async () => {
  const roomId = `web-${Date.now()}`;
  for (let i = 1; i <= 5; i++) await devChat(roomId, `history ${i}`);
  // History is what the mailbox holds: wait until all five are there, as a viewer entering later would find them.
  await until("5 chats in the mailbox", 10_000, async () => {
    const r = await fetch(`${mailboxUrl}/v1/rooms/${roomId}/messages/recent?limit=20`);
    return r.ok && (await r.text()).split("history ").length > 5;
  });

  const page = await openPage(`room=${roomId}`);
  const history = await until("history on screen", 10_000, async () => {
    const h = chats(await seenOf(page), "history ");
    return h.length >= 5 && h;
  });
  assert.deepEqual(history.map((m) => m.body), [1, 2, 3, 4, 5].map((i) => `history ${i}`));

  const sentAt: number[] = [];
  for (let i = 1; i <= 10; i++) sentAt.push(await devChat(roomId, `live ${i}`));
  const live = await until("10 live chats", tickMs + 10_000, async () => {
    const l = chats(await seenOf(page), "live ");
    return l.length >= 10 && l;
  });
  assert.deepEqual(live.map((m) => m.body), Array.from({ length: 10 }, (_, i) => `live ${i + 1}`), "in publish order, each once");
  const lags = live.map((m, i) => m.at - sentAt[i]!);
  console.log(`# publish answered -> on the page: max ${Math.max(...lags)} ms (tick ${tickMs} ms)`);
  assert.ok(Math.max(...lags) <= tickMs + LIVE_SLACK_MS, `within a tick: ${lags.join(", ")} ms`);

  // The chat input publishes through the demo server like a user typing.
  await page.fill("#chat-input", "typed in the page");
  await page.press("#chat-input", "Enter");
  await page.waitForSelector("#chat-log li:has-text('typed in the page')", { timeout: tickMs + 10_000 });

  // Everything on stage for the screenshot: danmaku, a PK score, a gift effect, the count.
  await publish(roomId, { type: "PK", conflateKey: `pk:${roomId}`, body: JSON.stringify({ pkId: roomId, red: 1200, blue: 800 }) });
  await sendGift(roomId, `shot-${roomId}`);
  for (let i = 1; i <= 6; i++) await devChat(roomId, ["666", "so good!", "hello from the browser", "nice one", "red team!", "PK go red!"][i - 1]!);
  await page.waitForFunction(() => document.getElementById("pk-red")?.textContent === "1200", undefined, { timeout: tickMs + 10_000 });
  await page.waitForSelector(".gift-fx", { timeout: tickMs + 10_000 });
  await page.waitForSelector(".dm", { timeout: tickMs + 10_000 });
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(ARTIFACTS, "live-page.png") });
  const ids = (await seenOf(page)).messages.filter((m) => m.msgId !== "0").map((m) => m.msgId);
  assert.equal(new Set(ids).size, ids.length, "no message twice");
  await page.close();
});

test("an anchor page shows 200 gifts exactly once, in seq order, across two connector kills; chats sent meanwhile are recovered",
  { skip: skip ?? (controlUrl ? undefined : "no ROOMCAST_BROWSER_CONTROL_URL to kill connectors (run through e2e's BrowserIT)") }, async () => {
    const roomId = `web-anchor-${Date.now()}`;
    const page = await openPage(`room=${roomId}&anchor=1`);
    const orders: string[] = [];
    const sendBatch = async (from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        const id = `${roomId}-${i}`;
        orders.push(id);
        await sendGift(roomId, id);
      }
    };
    await sendBatch(1, 60);
    for (let cut = 1; cut <= 2; cut++) {
      const { connectorId } = await seenOf(page);
      const killed = killConnector(connectorId);                  // answers once it is running again
      await sendBatch(cut * 70 - 9, cut * 70);                  // gifts and chat while the anchor is cut off
      await devChat(roomId, `during cut ${cut}`);
      await killed;
      await until(`reconnected after cut ${cut}`, 60_000, async () => {
        const s = await seenOf(page);
        return s.connectorId !== "" && s.states.at(-1) === "connected" && s.states.filter((x) => x === "connecting").length > cut;
      });
      await sendBatch(cut * 70 + 1, cut * 70 + 60);
    }
    assert.equal(orders.length, 200);
    const seen = await until("200 gifts on the anchor page", 60_000, async () => {
      const s = await seenOf(page);
      return s.gifts.length >= 200 && s;
    });
    await page.waitForTimeout(1000);   // nothing more may come: a late duplicate would show here
    const gifts = (await seenOf(page)).gifts;
    assert.equal(gifts.length, 200, "each gift once");
    assert.deepEqual(new Set(gifts.map((g) => g.orderId)), new Set(orders), "every gift paid for is shown");
    const seqs = gifts.map((g) => BigInt(g.seq));
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1]! + 1n, `dense seq order at ${i}`);
    assert.equal(await page.locator("#gift-list li[data-seq]").count(), 200);
    const during = chats(seen, "during cut ");
    assert.deepEqual(during.map((m) => m.body).sort(), ["during cut 1", "during cut 2"], "chat sent while cut off is recovered once");
    await page.close();
  });

test("polling: a viewer whose WebSocket cannot be opened still gets the room's chat, then goes back to the socket",
  { skip: skip ?? (controlUrl ? undefined : "no ROOMCAST_BROWSER_CONTROL_URL to kill connectors (run through e2e's BrowserIT)") }, async () => {
    const roomId = `web-poll-${Date.now()}`;
    const page = await openPage(`room=${roomId}`);
    // Every new WebSocket is refused from now on; the live one goes with its connector.
    let blocked = true;
    await page.routeWebSocket(/\/ws/, (ws) => { if (blocked) ws.close({ code: 1011, reason: "blocked by the test" }); else ws.connectToServer(); });
    const { connectorId } = await seenOf(page);
    await killConnector(connectorId);
    for (let i = 1; i <= 3; i++) await devChat(roomId, `polled ${i}`);
    const polled = await until("3 chats through polling", 20_000, async () => {
      const p = chats(await seenOf(page), "polled ");
      return p.length >= 3 && p;
    });
    assert.deepEqual(polled.map((m) => m.body), ["polled 1", "polled 2", "polled 3"]);
    assert.notEqual((await seenOf(page)).states.at(-1), "connected", "the socket stayed down: these came by polling");
    blocked = false;
    await until("back on the socket", 60_000, async () => (await seenOf(page)).states.at(-1) === "connected");
    await devChat(roomId, "pushed again");
    await until("chat over the socket again", tickMs + 10_000, async () => chats(await seenOf(page), "pushed again").length === 1);
    const ids = (await seenOf(page)).messages.filter((m) => m.msgId !== "0").map((m) => m.msgId);
    assert.equal(new Set(ids).size, ids.length, "no message twice");
    await page.close();
  });

async function putDelivery(roomId: string, mode: "push" | "poll", reason: string): Promise<void> {
  const r = await fetch(`${roomUrl}/v1/rooms/${encodeURIComponent(roomId)}/delivery`, {
    method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${service("admin")}` },
    body: JSON.stringify({ mode, reason }),
  });
  assert.ok(r.ok, `PUT delivery ${mode}: ${r.status} ${await r.text()}`);
}

test("SwitchToPolling from the server: an operator moves the room to polling and back; chat keeps coming, each once", { skip }, async () => {
  const roomId = `web-switch-${Date.now()}`;
  const page = await openPage(`room=${roomId}`);
  await devChat(roomId, "pushed 1");
  await until("a pushed chat", tickMs + 10_000, async () => chats(await seenOf(page), "pushed 1").length === 1);
  try {
    await putDelivery(roomId, "poll", "browser drill");
    // room-service tells the room's connectors; each moves its viewers over the switch window.
    await page.waitForSelector("#delivery[data-mode='poll']", { timeout: 30_000 });
    const blocksAtSwitch = (await seenOf(page)).stats.blocks;
    for (let i = 1; i <= 4; i++) await devChat(roomId, `polled ${i}`);
    const polled = await until("4 chats through polling", 20_000, async () => {
      const p = chats(await seenOf(page), "polled ");
      return p.length >= 4 && p;
    });
    assert.deepEqual(polled.map((m) => m.body), [1, 2, 3, 4].map((i) => `polled ${i}`), "in publish order, each once");
    const s = await seenOf(page);
    assert.ok(s.stats.polls > 0, "the page polled the mailbox");
    assert.equal(s.stats.blocks, blocksAtSwitch, "no room block pushed while polling");
    assert.equal(s.states.at(-1), "connected", "the socket stays open for control frames and gifts");
    await page.screenshot({ path: join(ARTIFACTS, "live-page-polling.png") });
  } finally {
    await putDelivery(roomId, "push", "drill over");
  }
  await page.waitForSelector("#delivery[data-mode='push']", { timeout: 30_000 });
  for (let i = 1; i <= 3; i++) await devChat(roomId, `pushed again ${i}`);
  await until("chat pushed again", tickMs + 10_000, async () => chats(await seenOf(page), "pushed again ").length >= 3);
  await page.waitForTimeout(tickMs + 500);   // a late copy from the switch-back read would show here
  const s = await seenOf(page);
  assert.deepEqual(chats(s, "pushed again ").map((m) => m.body), [1, 2, 3].map((i) => `pushed again ${i}`));
  assert.deepEqual(s.delivery, ["poll", "push"]);
  assert.equal(s.stats.switchesToPoll, 1);
  assert.equal(s.stats.switchesToPush, 1);
  const ids = s.messages.filter((m) => m.msgId !== "0").map((m) => m.msgId);
  assert.equal(new Set(ids).size, ids.length, "no message twice");
  await page.close();
});
