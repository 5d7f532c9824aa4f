import { ErrorCode } from "./gen/client_pb.js";

/**
 * What a client does with a code, from its numeric range alone (the contract in client.proto), so a code
 * the server adds later is still handled sensibly.
 *   request   4000-4099: the request failed, the connection stays
 *   reconnect 4100-4499 and anything undocumented (network loss, 1006): reconnect with back-off
 *   terminal  4500-4999: no reconnect without a new token or user action
 */
export type ErrorClass = "request" | "reconnect" | "terminal";

export function classify(code: number): ErrorClass {
  if (code >= 4000 && code < 4100) return "request";
  if (code >= 4500 && code < 5000) return "terminal";
  return "reconnect";
}

/** A refused request that means "not now" (a backend did not answer, rate limit): a join is retried. */
export function isRetryableRequest(code: number): boolean {
  return code === ErrorCode.UNAVAILABLE || code === ErrorCode.NOT_JOINED || code === ErrorCode.RATE_LIMITED;
}

/** Errors raised by the SDK itself, not by the server; their code is 0 and the kind names them. */
export type ClientErrorKind =
  | "CONNECT_FAILED"          // dispatcher or socket could not be reached; retried with back-off
  | "AUTH_TIMEOUT"            // no AuthOk in time; retried
  | "IDLE"                    // nothing received for the idle limit; reconnecting
  | "DECODE_FAILED"           // a block could not be decoded; its persisted messages come back by recovery
  | "DICTIONARY_UNAVAILABLE"  // a zstd dictionary could not be fetched or failed its checks
  | "HISTORY_UNAVAILABLE"     // mailbox history or recovery could not be read
  | "GIFTS_UNAVAILABLE"       // gift REST fallback failed
  | "CLOSED";                 // the client was closed or left the room

export class RoomcastError extends Error {
  /** The server's ErrorCode number (4000-4999), or 0 for an error of the SDK itself. */
  readonly code: number;
  /** UPPER_SNAKE_CASE: the ErrorCode name, or the ClientErrorKind. */
  readonly kind: string;
  readonly errorClass: ErrorClass;
  /** The server's hint before retrying (Error.retry_after_ms), 0 when none. */
  readonly retryAfterMs: number;

  constructor(code: number, kind: string, message: string, retryAfterMs = 0) {
    super(`${kind}: ${message}`);
    this.name = "RoomcastError";
    this.code = code;
    this.kind = kind;
    this.errorClass = code === 0 ? "reconnect" : classify(code);
    this.retryAfterMs = retryAfterMs;
  }

  static server(code: number, message: string, retryAfterMs = 0): RoomcastError {
    const name = (ErrorCode as unknown as Record<number, string>)[code] ?? `CODE_${code}`;
    return new RoomcastError(code, name, message, retryAfterMs);
  }

  static client(kind: ClientErrorKind, message: string): RoomcastError {
    return new RoomcastError(0, kind, message);
  }
}
