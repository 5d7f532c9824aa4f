import { test } from "node:test";
import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { MessageSchema, MessageType, type Message } from "../../src/gen/message_pb.js";
import { Presenter, type Renderer } from "../../src/render/presenter.js";

const msg = (type: MessageType, body: string, priority = 100, conflateKey = ""): Message =>
  create(MessageSchema, { type, body, priority, conflateKey });

function recorder(costMs = 0, clock?: { t: number }) {
  const drawn: string[] = [];
  const draw = (kind: string) => (m: Message) => { drawn.push(`${kind}:${m.body}`); if (clock) clock.t += costMs; };
  const r: Renderer = { danmaku: draw("d"), gift: draw("g"), pk: draw("pk"), online: draw("n"), other: draw("o") };
  return { r, drawn };
}

test("draws every gift, only the newest PK per PK and the newest online count, then N danmaku by priority", () => {
  const { r, drawn } = recorder();
  const p = new Presenter(r, { maxDanmakuPerFrame: 2 });
  p.push([
    msg(MessageType.CHAT, "low", 10), msg(MessageType.GIFT, "rose"), msg(MessageType.PK, "pk 1:0", 200, "pk-7"),
    msg(MessageType.CHAT, "high", 200), msg(MessageType.ONLINE_COUNT, "100"), msg(MessageType.PK, "pk 2:0", 200, "pk-7"),
    msg(MessageType.GIFT, "rocket"), msg(MessageType.ONLINE_COUNT, "120"), msg(MessageType.CHAT, "mid", 100),
  ]);
  p.frame();
  assert.deepEqual(drawn, ["g:rose", "g:rocket", "pk:pk 2:0", "n:120", "d:high", "d:mid"]);
  assert.equal(p.stats.replaced, 2);
  assert.equal(p.queuedDanmaku, 1);
  p.frame();
  assert.deepEqual(drawn.slice(6), ["d:low"]);
});

test("stops drawing danmaku when the frame's time budget is spent, but never gifts", () => {
  const clock = { t: 0 };
  const { r, drawn } = recorder(3, clock);
  const p = new Presenter(r, { maxDanmakuPerFrame: 10, frameBudgetMs: 5, now: () => clock.t });
  p.push(Array.from({ length: 6 }, (_, i) => msg(MessageType.GIFT, `g${i}`)));
  p.push(Array.from({ length: 6 }, (_, i) => msg(MessageType.CHAT, `c${i}`)));
  p.frame();
  assert.equal(drawn.filter((d) => d.startsWith("g:")).length, 6);
  assert.deepEqual(drawn.filter((d) => d.startsWith("d:")), ["d:c0", "d:c1"], "3 ms each against a 5 ms budget");
  assert.equal(p.queuedDanmaku, 4);
});

test("counts danmaku skipped for overflow (lowest priority first) and for age", () => {
  const clock = { t: 0 };
  const { r, drawn } = recorder(0, clock);
  const p = new Presenter(r, { maxQueuedDanmaku: 3, maxDanmakuAgeMs: 1000, maxDanmakuPerFrame: 10, now: () => clock.t });
  p.push([msg(MessageType.CHAT, "a", 50), msg(MessageType.CHAT, "b", 10), msg(MessageType.CHAT, "c", 50), msg(MessageType.CHAT, "d", 60)]);
  assert.equal(p.stats.skippedOverflow, 1);
  clock.t = 500;
  p.push([msg(MessageType.CHAT, "fresh", 1)]);   // overflows again: "fresh" itself is the lowest
  clock.t = 1200;
  p.frame();
  assert.deepEqual(drawn, [], "everything waited too long");
  assert.equal(p.stats.skippedStale, 3);
  assert.equal(p.stats.skippedOverflow, 2);
});
