import { test } from "node:test";
import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { Backoff } from "../../src/backoff.js";
import { MessageDeduplicator } from "../../src/delivery/dedup.js";
import { GiftSequencer } from "../../src/delivery/giftSequencer.js";
import { classify, isRetryableRequest, RoomcastError } from "../../src/errors.js";
import { ErrorCode } from "../../src/gen/client_pb.js";
import { GiftSchema, type Gift } from "../../src/gen/message_pb.js";

const gift = (seq: number): Gift => create(GiftSchema, { seq: BigInt(seq) });
const seqs = (gs: Gift[]) => gs.map((g) => Number(g.seq));

test("back-off doubles up to the ceiling with equal jitter, and resets", () => {
  const low = new Backoff(100, 1000, 2, () => 0);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => low.nextDelayMs()), [50, 100, 200, 400, 500, 500]);
  const high = new Backoff(100, 1000, 2, () => 0.999999);
  assert.deepEqual([1, 2, 3, 4, 5].map(() => high.nextDelayMs()), [100, 200, 400, 800, 1000]);
  high.reset();
  assert.equal(high.nextDelayMs(), 100);
  assert.throws(() => new Backoff(0, 10));
});

test("error codes are classified by their documented range", () => {
  assert.equal(classify(ErrorCode.BAD_ROOM), "request");
  assert.equal(classify(ErrorCode.SLOW), "reconnect");
  assert.equal(classify(4499), "reconnect");
  assert.equal(classify(ErrorCode.TOKEN_EXPIRED), "terminal");
  assert.equal(classify(1006), "reconnect", "an abnormal close is a network loss");
  assert.equal(classify(0), "reconnect");
  assert.ok(isRetryableRequest(ErrorCode.UNAVAILABLE) && !isRetryableRequest(ErrorCode.NOT_ALLOWED));
  const e = RoomcastError.server(4503, "bye");
  assert.equal(e.kind, "BANNED");
  assert.equal(RoomcastError.server(4777, "new").kind, "CODE_4777");
});

test("deduplicator passes each msgId once in any order, passes transient ones, and forgets the oldest", () => {
  const d = new MessageDeduplicator(3);
  assert.deepEqual([5n, 3n, 5n, 0n, 0n, 4n, 3n].map((id) => d.firstSeen(id)), [true, true, false, true, true, true, false]);
  assert.equal(d.highestMsgId, 5n);
  assert.equal(d.firstSeen(9n), true);   // evicts 5 (the oldest recorded): ids <= 5 now count as seen
  assert.equal(d.firstSeen(2n), false);
  assert.equal(d.firstSeen(6n), true);
  assert.equal(d.size, 3);
});

test("gift sequencer delivers in order once across gaps, re-pushes and a server cursor", () => {
  const s = new GiftSequencer(0n);
  assert.deepEqual(seqs(s.accept([gift(1), gift(3), gift(2), gift(2)])), [1, 2, 3]);
  assert.deepEqual(seqs(s.accept([gift(5), gift(6)])), []);
  assert.equal(s.hasGap, true);
  assert.equal(s.contiguous, 3n);
  assert.deepEqual(seqs(s.accept([gift(4), gift(5)])), [4, 5, 6]);
  assert.equal(s.hasGap, false);
  assert.deepEqual(seqs(s.accept([gift(1), gift(6)])), []);
  assert.deepEqual(seqs(s.accept([gift(9)])), []);
  assert.deepEqual(seqs(s.serverAcked(8n)), [9], "the ledger says 7-8 were shown elsewhere");
  assert.deepEqual(seqs(s.serverAcked(2n)), [], "a cursor never moves back");
  assert.equal(s.contiguous, 9n);
});

test("gift sequencer keeps the lowest seqs when its buffer is full", () => {
  const s = new GiftSequencer(0n, 3);
  s.accept([gift(10), gift(4), gift(6), gift(8)]);
  assert.equal(s.buffered, 3);
  assert.deepEqual(seqs(s.accept([gift(9)])), [], "above every waiting seq: dropped");
  const out = [1, 2, 3, 5, 7].flatMap((n) => seqs(s.accept([gift(n)])));
  assert.deepEqual(out, [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(s.contiguous, 7n, "8 made room for 1, 9 and 10 were dropped: a pull brings them again");
});

test("a shuffled stream with duplicates comes out as 1..n exactly once", () => {
  const s = new GiftSequencer(0n);
  const stream = Array.from({ length: 500 }, (_, i) => gift((i % 250) + 1));
  let x = 7;
  for (let i = stream.length - 1; i > 0; i--) { x = (x * 1103515245 + 12345) % 2147483648; const j = x % (i + 1); [stream[i], stream[j]] = [stream[j]!, stream[i]!]; }
  const out: number[] = [];
  for (let i = 0; i < stream.length; i += 17) out.push(...seqs(s.accept(stream.slice(i, i + 17))));
  assert.deepEqual(out, Array.from({ length: 250 }, (_, i) => i + 1));
});
