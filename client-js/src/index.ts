export { RoomcastClient, type ClientEvents, type ConnectionState, type JoinOptions } from "./client.js";
export type { ClientOptions } from "./options.js";
export type { RoomState } from "./room.js";
export type { ClientStats } from "./host.js";
export type { GiftChannelTiming } from "./gifts.js";
export { RoomcastError, classify, isRetryableRequest, type ErrorClass, type ClientErrorKind } from "./errors.js";
export { Backoff } from "./backoff.js";
export { MessageDeduplicator } from "./delivery/dedup.js";
export { GiftSequencer } from "./delivery/giftSequencer.js";
export { BlockDecoder } from "./codec/blockDecoder.js";
export { decodeFrame, encodeFrame, newFrame, type WireFormat } from "./codec/frames.js";
export { RestApi, HttpError, type Endpoint, type FetchFn } from "./net/rest.js";
export type { WebSocketFactory, WebSocketLike } from "./net/websocket.js";
export { zstdWasmDecompressor, dictionaryIdOf, type Decompressor } from "./zstd/decompressor.js";
export { DictionaryCache, sha256Hex, type DictionaryLoader, type FetchedDictionary } from "./zstd/dictionaries.js";
// The contract's types and enums. Its protobuf-es schemas (FrameSchema, ...) are in src/gen for apps that want
// protobuf-es's reflection; the SDK itself reads and writes the wire with src/wire, which keeps them out of the bundle.
export type * from "./gen/client_pb.js";
export type * from "./gen/message_pb.js";
export { ErrorCode, Role } from "./gen/client_pb.js";
export { Codec, MessageType } from "./gen/message_pb.js";
export { Presenter, type Renderer, type PresenterOptions, type PresenterStats } from "./render/presenter.js";
