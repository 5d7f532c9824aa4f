import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Frame, FrameSchema } from "../gen/client_pb.js";
import { create, decode, encode, fromJson, toJson } from "../wire/codec.js";
import { M_Frame } from "../wire/tables.js";

/** Frame encoding on the WebSocket: one binary protobuf Frame per message, or protobuf JSON text (debug mode). */
export type WireFormat = "binary" | "json";

/** A Frame to send, from the same init shape protobuf-es's `create(FrameSchema, ...)` takes. */
export function newFrame(init: MessageInitShape<typeof FrameSchema>): Frame {
  return create<Frame>(M_Frame, init);
}

export function encodeFrame(frame: Frame, format: WireFormat): Uint8Array | string {
  return format === "json" ? JSON.stringify(toJson(M_Frame, frame)) : encode(M_Frame, frame);
}

/** Decodes what a WebSocket delivered (ArrayBuffer in browsers, Buffer in ws, text in JSON mode). */
export function decodeFrame(data: unknown): { frame: Frame; wireBytes: number } {
  if (typeof data === "string") {
    return { frame: fromJson<Frame>(M_Frame, JSON.parse(data)), wireBytes: data.length };
  }
  const bytes = toBytes(data);
  return { frame: decode<Frame>(M_Frame, bytes), wireBytes: bytes.byteLength };
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;   // includes Node's Buffer
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) {                      // ws may hand fragments as Buffer[]
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.byteLength; }
    return out;
  }
  throw new TypeError("unsupported WebSocket message type");
}
