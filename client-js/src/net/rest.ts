import type { JsonValue } from "@bufbuild/protobuf";
import type { MessagesReply, PollReply } from "../gen/mailbox_pb.js";
import type { PullGiftsReply } from "../gen/gift_pb.js";
import { fromJson } from "../wire/codec.js";
import { M_MessagesReply, M_PollReply, M_PullGiftsReply } from "../wire/tables.js";
import type { FetchedDictionary } from "../zstd/dictionaries.js";

export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

/** A connector the dispatcher offers; least loaded first. */
export interface Endpoint {
  connectorId: string;
  wsUrl: string;
}

/** A non-2xx answer; `code` is the service's UPPER_SNAKE_CASE error code when its body named one. */
export class HttpError extends Error {
  constructor(readonly url: string, readonly status: number, readonly code: string | undefined, body: string) {
    super(`${status} from ${url}${code ? ` (${code})` : ""}: ${body.slice(0, 200)}`);
    this.name = "HttpError";
  }
}

/**
 * The REST side of Roomcast a client needs: room-service's dispatcher and dictionaries, mailbox-service's
 * history, range and poll, gift-service's anchor fallback. Replies are the proto messages as JSON (protobuf
 * JSON mapping; unknown fields ignored so a newer server does not break an older client).
 */
export class RestApi {
  constructor(private readonly fetchFn: FetchFn, private readonly timeoutMs = 10_000) {}

  async dispatch(dispatcherUrl: string, roomId: string | undefined, bearer?: string): Promise<Endpoint[]> {
    const q = roomId === undefined ? "" : `?roomId=${encodeURIComponent(roomId)}`;
    const body = await this.json(`${strip(dispatcherUrl)}/v1/dispatch${q}`, bearer);
    const list = Array.isArray(body) ? body : firstArray(body as Record<string, unknown>);
    const endpoints: Endpoint[] = [];
    for (const c of list as Record<string, unknown>[]) {
      const wsUrl = text(c, "wsUrl", "ws_url");
      if (wsUrl) endpoints.push({ connectorId: text(c, "connectorId", "connector_id", "id") ?? wsUrl, wsUrl });
    }
    return endpoints;
  }

  async recent(mailboxUrl: string, roomId: string, limit: number, bearer?: string): Promise<MessagesReply> {
    const url = `${strip(mailboxUrl)}/v1/rooms/${encodeURIComponent(roomId)}/messages/recent?limit=${limit}`;
    return fromJson<MessagesReply>(M_MessagesReply, wrapList(await this.json(url, bearer), "messages"));
  }

  async after(mailboxUrl: string, mboxId: string, afterMsgId: bigint, limit: number, bearer?: string): Promise<MessagesReply> {
    const url = `${strip(mailboxUrl)}/v1/mailboxes/${encodeURIComponent(mboxId)}/messages?after=${afterMsgId}&limit=${limit}`;
    return fromJson<MessagesReply>(M_MessagesReply, wrapList(await this.json(url, bearer), "messages"));
  }

  async poll(mailboxUrl: string, roomId: string, cursor: bigint, limit: number, bearer?: string): Promise<PollReply> {
    // catchUp: a backlog larger than the limit comes oldest first, the cursor after it (nothing skipped).
    const url = `${strip(mailboxUrl)}/v1/rooms/${encodeURIComponent(roomId)}/poll?cursor=${cursor}&limit=${limit}&catchUp=true`;
    return fromJson<PollReply>(M_PollReply, wrapList(await this.json(url, bearer), "messages"));
  }

  async giftsAfter(giftUrl: string, roomId: string, afterSeq: bigint, limit: number, anchorToken: string): Promise<PullGiftsReply> {
    const url = `${strip(giftUrl)}/v1/rooms/${encodeURIComponent(roomId)}/gifts?afterSeq=${afterSeq}&limit=${limit}`;
    return fromJson<PullGiftsReply>(M_PullGiftsReply, wrapList(await this.json(url, anchorToken), "gifts"));
  }

  async giftAck(giftUrl: string, roomId: string, seq: bigint, anchorToken: string): Promise<void> {
    const url = `${strip(giftUrl)}/v1/rooms/${encodeURIComponent(roomId)}/gifts/ack`;
    await this.request(url, { method: "POST", body: `{"seq":${seq}}` }, anchorToken, "application/json");
  }

  /** The dictionary bytes; the ETag is the SHA-256 (hex) room-service states for them. */
  async dictionary(dispatcherUrl: string, id: number): Promise<FetchedDictionary> {
    const resp = await this.request(`${strip(dispatcherUrl)}/v1/dictionaries/${id}`, {}, undefined, "application/octet-stream");
    const etag = resp.headers.get("etag")?.replace(/^W\//, "").replace(/"/g, "");
    return { bytes: new Uint8Array(await resp.arrayBuffer()), sha256: etag && /^[0-9a-f]{64}$/i.test(etag) ? etag : undefined };
  }

  private async json(url: string, bearer?: string): Promise<JsonValue> {
    const resp = await this.request(url, {}, bearer, "application/json");
    return (await resp.json()) as JsonValue;
  }

  private async request(url: string, init: RequestInit, bearer: string | undefined, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (init.body) headers["content-type"] = "application/json";
    const resp = await this.fetchFn(url, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!resp.ok) {
      const body = await resp.text().catch(() => "");
      let code: string | undefined;
      try { code = (JSON.parse(body) as { code?: string }).code; } catch { /* not JSON */ }
      throw new HttpError(url, resp.status, code, body);
    }
    return resp;
  }
}

function strip(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}

/** Services answer a page object; a bare list is accepted too. */
function wrapList(body: JsonValue, field: string): JsonValue {
  return Array.isArray(body) ? { [field]: body } : body;
}

function firstArray(root: Record<string, unknown>): unknown[] {
  for (const name of ["connectors", "endpoints"]) if (Array.isArray(root[name])) return root[name] as unknown[];
  for (const v of Object.values(root)) if (Array.isArray(v)) return v;
  return [];
}

function text(o: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) if (o[n] != null) return String(o[n]);
  return undefined;
}
