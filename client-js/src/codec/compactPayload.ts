import { create } from "../wire/codec.js";
import { M_Message } from "../wire/tables.js";
import type { CompactBlockPayload, Message } from "../gen/message_pb.js";
import { RoomcastError } from "../errors.js";

/**
 * The messages of a compact block payload (CompactBlockPayload in message.proto), equal to those of the plain
 * form: rooms and senders from their tables by index, msg_id and created_at_ms summed from their deltas. The
 * sums wrap at 64 bits as the Java encoder's differences do. Mirrors dev.roomcast.proto.codec.CompactPayloads.
 */
export function compactMessages(payload: CompactBlockPayload): Message[] {
  const out: Message[] = [];
  let id = 0n;
  let at = 0n;
  payload.messages.forEach((c, i) => {
    id = BigInt.asIntN(64, id + c.msgIdDelta);
    at = BigInt.asIntN(64, at + c.createdAtDeltaMs);
    if (c.roomIndex >= payload.rooms.length) {
      throw RoomcastError.client("DECODE_FAILED", `compact payload: message ${i} refers to room ${c.roomIndex} of ${payload.rooms.length}`);
    }
    if (c.senderRef > payload.senders.length) {
      throw RoomcastError.client("DECODE_FAILED", `compact payload: message ${i} refers to sender ${c.senderRef} of ${payload.senders.length}`);
    }
    out.push(create<Message>(M_Message, {
      roomId: payload.rooms[c.roomIndex],
      msgId: id,
      type: c.type,
      priority: c.priority,
      sender: c.senderRef === 0 ? undefined : payload.senders[c.senderRef - 1],
      body: c.body,
      createdAtMs: at,
      conflateKey: c.conflateKey,
      ttlMs: c.ttlMs,
      aggregateCount: c.aggregateCount,
      userId: c.userId,
    }));
  });
  return out;
}
