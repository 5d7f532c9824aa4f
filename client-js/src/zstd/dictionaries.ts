import { dictionaryIdOf } from "./decompressor.js";
import { RoomcastError } from "../errors.js";

/** A downloaded dictionary with the SHA-256 (hex) the server stated for it, when it did. */
export interface FetchedDictionary {
  bytes: Uint8Array;
  sha256?: string;
}

export type DictionaryLoader = (id: number) => Promise<FetchedDictionary>;

/**
 * Dictionaries by Block.dictionary_id, held for good (a dictionary never changes under its id). However many
 * blocks wait for an id, it is downloaded once; a download is accepted only when its header names the id and
 * its bytes match the stated SHA-256. A failed download is forgotten, so the next block asks again.
 */
export class DictionaryCache {
  private readonly held = new Map<number, Uint8Array>();
  private readonly inFlight = new Map<number, Promise<Uint8Array>>();
  /** Downloads started (for tests and stats). */
  downloads = 0;

  constructor(private readonly loader: DictionaryLoader) {}

  /** Adds a dictionary the app ships (no download); keyed by its header id. */
  add(bytes: Uint8Array): number {
    const id = dictionaryIdOf(bytes);
    if (id === undefined) throw new RangeError("not a zstd dictionary with a header id");
    this.held.set(id, bytes);
    return id;
  }

  peek(id: number): Uint8Array | undefined {
    return this.held.get(id);
  }

  get(id: number): Promise<Uint8Array> {
    const held = this.held.get(id);
    if (held) return Promise.resolve(held);
    let pending = this.inFlight.get(id);
    if (!pending) {
      this.downloads++;
      pending = this.download(id).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async download(id: number): Promise<Uint8Array> {
    const fetched = await this.loader(id);
    const headerId = dictionaryIdOf(fetched.bytes);
    if (headerId !== id) {
      throw RoomcastError.client("DICTIONARY_UNAVAILABLE", `dictionary ${id} download has header id ${headerId}`);
    }
    if (fetched.sha256) {
      const actual = await sha256Hex(fetched.bytes);
      if (actual !== undefined && actual !== fetched.sha256.toLowerCase()) {
        throw RoomcastError.client("DICTIONARY_UNAVAILABLE", `dictionary ${id} fails its SHA-256 check`);
      }
    }
    this.held.set(id, fetched.bytes);
    return fetched.bytes;
  }
}

/** undefined where WebCrypto is missing (a browser page on plain http other than localhost). */
export async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}
