import { fromBinary, fromJsonString, toBinary, toJsonString } from "@bufbuild/protobuf";
import { FrameSchema, type Frame } from "../gen/client_pb.js";

/** Frame encoding on the WebSocket: one binary protobuf Frame per message, or protobuf JSON text (debug mode). */
export type WireFormat = "binary" | "json";

export function encodeFrame(frame: Frame, format: WireFormat): Uint8Array | string {
  return format === "json" ? toJsonString(FrameSchema, frame) : toBinary(FrameSchema, frame);
}

/** Decodes what a WebSocket delivered (ArrayBuffer in browsers, Buffer in ws, text in JSON mode). */
export function decodeFrame(data: unknown): { frame: Frame; wireBytes: number } {
  if (typeof data === "string") {
    return { frame: fromJsonString(FrameSchema, data, { ignoreUnknownFields: true }), wireBytes: data.length };
  }
  const bytes = toBytes(data);
  return { frame: fromBinary(FrameSchema, bytes), wireBytes: bytes.byteLength };
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
