// Against real Roomcast services (a `bin/roomcast up` stack or any other): the dispatcher, a connector, the
// mailbox and the dictionaries, with the real wire format. Skipped, with the reason printed, when the
// dispatcher does not answer. Run: npm run test:integration
//   ROOMCAST_IT_DISPATCHER     room-service base URL (default http://127.0.0.1:8082)
//   ROOMCAST_IT_MAILBOX        mailbox-service base URL (default http://127.0.0.1:8083)
//   ROOMCAST_IT_TOKEN_SECRET   the stack's token secret: viewers get signed tokens and chat is published
//                              through room-service's publish API (otherwise: anonymous viewer, no publish)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import WebSocket from "ws";
import { RoomcastClient } from "../../src/client.js";
import type { ClientOptions } from "../../src/options.js";
import type { Message } from "../../src/gen/message_pb.js";
import { RoomcastError } from "../../src/errors.js";
import { eventually } from "../support/localRoomcast.js";

const dispatcherUrl = process.env.ROOMCAST_IT_DISPATCHER ?? "http://127.0.0.1:8082";
const mailboxUrl = process.env.ROOMCAST_IT_MAILBOX ?? "http://127.0.0.1:8083";
const secret = process.env.ROOMCAST_IT_TOKEN_SECRET;

async function reachable(): Promise<string | undefined> {
  try {
    const r = await fetch(`${dispatcherUrl}/v1/dispatch`, { signal: AbortSignal.timeout(2000) });
    return r.ok ? undefined : `dispatcher ${dispatcherUrl} answered ${r.status}`;
  } catch (e) {
    return `no Roomcast at ${dispatcherUrl} (${(e as Error).message}); start one with bin/roomcast up`;
  }
}

function jwt(sub: string, role: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${b64({ alg: "HS256" })}.${b64({ sub, role, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${head}.${createHmac("sha256", Buffer.from(secret!, "utf8")).update(head).digest("base64url")}`;
}

const skipReason = await reachable();
if (skipReason) console.log(`# integration tests skipped: ${skipReason}`);

test("a viewer connects through the real dispatcher, joins, and decodes what the real services send", { skip: skipReason }, async () => {
  const roomId = `js-it-${Date.now()}`;
  const client = new RoomcastClient({
    dispatcherUrl, mailboxUrl, WebSocket: WebSocket as unknown as ClientOptions["WebSocket"],
    token: secret ? jwt(`js-viewer-${Date.now()}`, "viewer") : undefined,
  });
  const seen: Message[] = [];
  const errors: RoomcastError[] = [];
  client.on("messages", (_r, ms) => seen.push(...ms));
  client.on("error", (e) => errors.push(e));
  try {
    client.connect();
    const online = await client.join(roomId);
    assert.ok(online >= 1n, `online count at join: ${online}`);
    assert.equal(client.state, "connected");

    // Every dictionary in use: downloaded through the client's cache, header id and SHA-256 checked.
    const list = await (await fetch(`${dispatcherUrl}/v1/dictionaries`)).json() as { id: number; sha256: string }[];
    for (const d of list) assert.ok((await client.dictionaries.get(d.id)).length > 0);

    if (secret) {
      const service = jwt("js-it", "service");
      for (let i = 1; i <= 5; i++) {
        const r = await fetch(`${dispatcherUrl}/v1/rooms/${roomId}/messages`, {
          method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${service}` },
          body: JSON.stringify({ type: "CHAT", body: `hello ${i}`, sender: { userId: "it", nickname: "it" } }),
        });
        assert.ok(r.ok, `publish ${i}: ${r.status} ${await r.text()}`);
      }
      await eventually(() => seen.filter((m) => m.body.startsWith("hello ")).length === 5, "5 published chats", 10_000);
      assert.deepEqual(seen.filter((m) => m.body.startsWith("hello ")).map((m) => m.body), [1, 2, 3, 4, 5].map((i) => `hello ${i}`));
    }
    assert.deepEqual(errors.filter((e) => e.errorClass !== "reconnect"), []);
  } finally {
    client.close();
  }
});
