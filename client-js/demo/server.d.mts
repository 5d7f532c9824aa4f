// Types of server.mjs (plain JavaScript so that bin/roomcast runs it with node alone).
export interface DemoServerOptions {
  port?: number; roomUrl?: string; mailboxUrl?: string; giftUrl?: string;
  tokenSecret?: string; serviceSecret?: string; dist?: string;
}
export interface DemoServer { url: string; port: number; close(): Promise<void> }
export function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;
export function signToken(secret: string, claims: Record<string, unknown>): string;
export function upstreamFor(path: string, cfg: { roomUrl: string; mailboxUrl: string; giftUrl: string }): string | undefined;
