/**
 * The part of the WebSocket API the client uses: the browser's WebSocket and the `ws` package both fit,
 * so Node apps inject `ws` (Node 20 has no global WebSocket) and tests can inject a fake.
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = new (url: string, protocols?: string | string[]) => WebSocketLike;

export const OPEN = 1;
