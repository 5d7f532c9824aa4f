// The live-room page: a stage with danmaku, gift effects, a PK bar and the online count, fed by the SDK through the
// Presenter; a chat input; `?anchor=1` adds the anchor's gift list (seq, exactly once). Query: room (default
// "demo", the load generator's room), anchor=1, format=json. Tokens and publishing go through the development
// demo server (server.mjs); everything else is the SDK as an app would use it.
import { RoomcastClient, Presenter, MessageType, type Message, type Gift } from "../src/index.js";

const params = new URLSearchParams(location.search);
const roomId = params.get("room") || "demo";
const anchor = params.get("anchor") === "1";
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const MAX_LOG = 300;

async function devPost(path: string, body: object): Promise<Record<string, unknown>> {
  const r = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

let userId = "";
async function token(): Promise<string> {
  const t = await devPost("/dev/token", { role: anchor ? "anchor" : "viewer", roomId, userId: userId || undefined });
  userId = String(t.userId);
  return String(t.token);
}

// The services' REST APIs answer this page through the demo server (same origin); JoinOk's history URL names the
// mailbox's own address, so every SDK REST call is sent to this origin, which relays it by path.
const sameOriginFetch = (url: string, init?: RequestInit) => {
  const u = new URL(url, location.href);
  return fetch(u.origin === location.origin ? u.href : `${location.origin}${u.pathname}${u.search}`, init);
};

// What a test (or a curious developer) reads: every message and gift in the order the app saw them.
const seen = {
  messages: [] as { msgId: string; type: number; body: string; at: number }[],
  gifts: [] as { seq: string; orderId: string; at: number }[],
  states: [] as string[],
  connectorId: "",
  delivery: [] as string[],
  stats: undefined as unknown,
};
(window as unknown as Record<string, unknown>).roomcastDemo = seen;

function logItem(list: HTMLElement, li: HTMLLIElement) {
  list.append(li);
  while (list.children.length > MAX_LOG) list.firstElementChild!.remove();
  list.scrollTop = list.scrollHeight;
}

function text(tag: string, cls: string, t: string) {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  el.textContent = t;
  return el;
}

// A GIFT room message's body is gift-service's record as JSON (giftName, count, fromNickname, ...).
function giftLine(m: Message): string {
  try {
    const g = JSON.parse(m.body) as { giftName?: string; count?: number; fromNickname?: string };
    return `${g.fromNickname || m.sender?.nickname || "someone"} sent ${g.giftName ?? "a gift"} x${g.count ?? 1}`;
  } catch {
    return `${m.sender?.nickname || "someone"}: ${m.body}`;
  }
}

let lane = 0;
const presenter = new Presenter({
  danmaku(m: Message) {
    const dm = text("div", "dm", m.body);
    dm.style.top = `${(lane++ % 8) * 12}%`;
    dm.addEventListener("animationend", () => dm.remove());
    $("danmaku").append(dm);
  },
  gift(m: Message) {
    const fx = text("div", "gift-fx", giftLine(m));
    fx.addEventListener("animationend", (e) => { if (e.animationName === "fade") fx.remove(); });
    $("gifts").append(fx);
    while ($("gifts").children.length > 4) $("gifts").firstElementChild!.remove();
  },
  pk(m: Message) {
    try {
      const s = JSON.parse(m.body) as { red?: number; blue?: number };
      const red = Number(s.red ?? 0), blue = Number(s.blue ?? 0);
      $("pk-red").textContent = String(red);
      $("pk-blue").textContent = String(blue);
      $("pk-red").style.flexGrow = String(Math.max(1, red));
      $("pk-blue").style.flexGrow = String(Math.max(1, blue));
    } catch { /* a PK body this page does not know: keep the bar */ }
  },
  online(m: Message) {
    const n = /\d+/.exec(m.body);
    if (n) $("online-count").textContent = n[0];
  },
}, { maxDanmakuPerFrame: 6, frameBudgetMs: 4 });

const client = new RoomcastClient({
  dispatcherUrl: location.origin, mailboxUrl: location.origin, giftUrl: location.origin,
  fetch: sameOriginFetch, zstdWasmUrl: new URL("zstd.wasm", location.href).href,
  format: params.get("format") === "json" ? "json" : "binary",
  token: await token(), getToken: token,
});
client.on("state", (state, detail) => {
  seen.states.push(state);
  $("state").textContent = state;
  $("state").dataset.state = state;
  $("state").title = detail;
});
client.on("connected", (info) => { seen.connectorId = info.connectorId; });
seen.stats = client.stats;
client.on("delivery", (_r, mode) => {
  seen.delivery.push(mode);
  $("delivery").textContent = mode;
  $("delivery").dataset.mode = mode;
});
client.on("room", (_r, state) => { $("room-state").textContent = state; $("room-state").dataset.state = state; });
client.on("joined", (_r, online) => { $("online-count").textContent = String(online); });
client.on("messages", (_r, messages) => {
  presenter.push(messages);
  for (const m of messages) {
    seen.messages.push({ msgId: String(m.msgId), type: m.type, body: m.body, at: Date.now() });
    if (m.type !== MessageType.CHAT && m.type !== MessageType.GIFT) continue;
    const li = document.createElement("li");
    li.dataset.msgId = String(m.msgId);
    if (m.type === MessageType.GIFT) li.append(text("span", "gift", giftLine(m)));
    else li.append(text("span", "nick", `${m.sender?.nickname || m.sender?.userId || "?"}: `), text("span", "body", m.body));
    logItem($("chat-log"), li);
  }
});
client.on("gifts", (_r, gifts: Gift[]) => {
  for (const g of gifts) {
    seen.gifts.push({ seq: String(g.seq), orderId: g.orderId, at: Date.now() });
    const li = document.createElement("li");
    li.dataset.seq = String(g.seq);
    li.append(text("span", "seq", `#${g.seq} `), text("span", "nick", `${g.fromNickname}: `), text("span", "", `${g.giftName} x${g.count}`));
    $("gift-list").append(li);   // the anchor's ledger: never trimmed
    $("gift-list").scrollTop = $("gift-list").scrollHeight;
  }
});
client.on("error", (e) => console.warn("roomcast", e.kind, e.message));

const frame = () => {
  presenter.frame();
  const s = presenter.stats;
  $("stats").textContent = `danmaku ${s.drawnDanmaku} drawn, ${s.skippedOverflow + s.skippedStale} skipped · gifts ${s.drawnGifts}`;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

$("title").textContent = `Room ${roomId}${anchor ? " (anchor)" : ""}`;
$("gift-list").hidden = !anchor;
$<HTMLFormElement>("chat-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>("chat-input");
  const t = input.value.trim();
  if (!t) return;
  input.value = "";
  devPost("/dev/publish", { roomId, text: t, userId, nickname: userId }).catch((err) => console.warn(err));
});
$<HTMLFormElement>("gift-form").addEventListener("submit", (e) => {
  e.preventDefault();
  devPost("/dev/gift", { roomId, fromNickname: userId || "web fan" }).catch((err) => console.warn(err));
});

client.connect();
await client.join(roomId, anchor ? { gifts: {} } : undefined);
document.body.dataset.joined = "1";
