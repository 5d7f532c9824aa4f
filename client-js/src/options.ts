import type { WireFormat } from "./codec/frames.js";
import type { FetchFn } from "./net/rest.js";
import type { WebSocketFactory } from "./net/websocket.js";
import type { Decompressor } from "./zstd/decompressor.js";
import type { DictionaryCache } from "./zstd/dictionaries.js";

export interface ClientOptions {
  /** room-service base URL: the dispatcher (`/v1/dispatch`) and the zstd dictionaries (`/v1/dictionaries`). */
  dispatcherUrl: string;
  /** A fixed connector WebSocket URL (`ws://host:8090/ws`): skips the dispatcher. */
  endpoint?: string;
  /** mailbox-service base URL when JoinOk.history_url is empty. */
  mailboxUrl?: string;
  /** gift-service base URL (the anchor's REST fallback). */
  giftUrl?: string;
  /** Signed user token (viewer or anchor); none = anonymous viewer by `deviceId`. */
  token?: string;
  /** Asked for a new token when the server sends Refresh, and before reconnecting after TOKEN_EXPIRED. */
  getToken?: () => Promise<string>;
  deviceId?: string;
  /** Binary protobuf frames (default) or protobuf JSON text (debug, or where binary frames are mangled). */
  format?: WireFormat;
  /** WebSocket constructor; default globalThis.WebSocket. In Node 20: `import WebSocket from "ws"`. */
  WebSocket?: WebSocketFactory;
  fetch?: FetchFn;
  /** zstd implementation; default zstd-wasm loaded on the first compressed block. */
  decompressor?: () => Promise<Decompressor>;
  /** Where a browser loads zstd.wasm from (default: next to the zstd-wasm module). */
  zstdWasmUrl?: string;
  /** A dictionary cache to share between clients (default: one per client, fetched from dispatcherUrl). */
  dictionaries?: DictionaryCache;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** msgIds remembered per room for de-duplication. */
  dedupWindow?: number;
  /** Recent messages read on entering a room; 0 = none. */
  recentHistoryLimit?: number;
  recoveryPageSize?: number;
  recoveryMaxPages?: number;
  /** Poll the mailbox while the connection is down, so the room keeps moving. */
  pollWhileDisconnected?: boolean;
  /** No AuthOk within this: reconnect. */
  authTimeoutMs?: number;
  /** Blocks decoding or waiting for a dictionary at most; beyond, blocks are dropped (and recovered). */
  maxPendingBlocks?: number;
  clientVersion?: string;
  /**
   * Ask at Auth for blocks in the compact payload form (sender table, msgId/time deltas: smaller on the wire, decoded
   * into the same messages). Default true; false sends the Auth of a client that predates it (plain blocks only).
   */
  compactBlocks?: boolean;
  /** Random source for jitter (tests make it deterministic). */
  random?: () => number;
}

export type ResolvedOptions = Required<Omit<ClientOptions, "endpoint" | "token" | "getToken" | "WebSocket" | "dictionaries"
  | "decompressor" | "zstdWasmUrl">> & Pick<ClientOptions, "endpoint" | "token" | "getToken" | "WebSocket" | "dictionaries"
  | "decompressor" | "zstdWasmUrl">;

export function resolveOptions(o: ClientOptions): ResolvedOptions {
  return {
    mailboxUrl: "http://127.0.0.1:8083",
    giftUrl: "http://127.0.0.1:8084",
    deviceId: `web-${Math.random().toString(36).slice(2, 12)}`,
    format: "binary",
    fetch: (url, init) => globalThis.fetch(url, init),
    backoffBaseMs: 500,
    backoffMaxMs: 20_000,
    dedupWindow: 2048,
    recentHistoryLimit: 20,
    recoveryPageSize: 200,
    recoveryMaxPages: 10,
    pollWhileDisconnected: true,
    authTimeoutMs: 10_000,
    maxPendingBlocks: 512,
    clientVersion: "roomcast-js/0.1.0",
    compactBlocks: true,
    random: Math.random,
    ...stripUndefined(o),
  } as ResolvedOptions;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
