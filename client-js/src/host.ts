import type { Frame } from "./gen/client_pb.js";
import type { Gift, Message } from "./gen/message_pb.js";
import type { RoomcastError } from "./errors.js";
import type { RestApi } from "./net/rest.js";
import type { ResolvedOptions } from "./options.js";

/** What a room or gift channel needs from the client that owns it (keeps them testable and small). */
export interface ClientHost {
  readonly options: ResolvedOptions;
  readonly rest: RestApi;
  readonly stats: ClientStats;
  readonly connected: boolean;
  readonly token: string | undefined;
  nextReqId(): bigint;
  send(frame: Frame): void;
  deliverMessages(roomId: string, messages: Message[]): void;
  deliverGifts(roomId: string, gifts: Gift[]): void;
  reportError(error: RoomcastError): void;
}

export interface ClientStats {
  connects: number;
  blocks: number;
  wireBytes: number;
  decodeErrors: number;
  blocksDropped: number;
  messagesDelivered: number;
  duplicates: number;
  recovered: number;
  /** Mailbox range reads (history, recovery, the poll switch) that failed and were tried again. */
  recoveryRetries: number;
  polls: number;
  /** Rooms the server moved to short polling (SwitchToPolling), and back to push (SwitchToPush). */
  switchesToPoll: number;
  /** Polls that failed (refused, timed out): the next tick polls again from the same cursor. */
  pollFailures: number;
  switchesToPush: number;
  joinRetries: number;
  giftsDelivered: number;
  giftPulls: number;
}

export function newStats(): ClientStats {
  return { connects: 0, blocks: 0, wireBytes: 0, decodeErrors: 0, blocksDropped: 0, messagesDelivered: 0, duplicates: 0,
    recovered: 0, recoveryRetries: 0, polls: 0, pollFailures: 0, switchesToPoll: 0, switchesToPush: 0, joinRetries: 0, giftsDelivered: 0, giftPulls: 0 };
}
