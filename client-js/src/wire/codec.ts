// Protobuf binary and JSON for the SDK's own messages, driven by the generated field tables in ./tables.ts.
// The objects it makes are the protobuf-es types of src/gen (same fields, defaults, oneof shape and $typeName), so
// the SDK keeps protobuf-es's types while its browser bundle leaves out protobuf-es's reflection runtime (see the
// README's figures). Proto3 only: implicit presence, packed repeated scalars, no maps (the generator refuses them).

/** An enum's values: [number, proto name]. */
export type EnumTable = readonly (readonly [number, string])[];
/** [number, localName, jsonName, kind (0 scalar, 1 enum, 2 message), type, flags (1 repeated, 2 packed), oneof?] */
export type FieldRow = readonly [number, string, string, 0 | 1 | 2, number | EnumTable | (() => MessageTable), number, string?];
export interface MessageTable { readonly typeName: string; readonly fields: readonly FieldRow[] }

type Obj = Record<string, any>;   // eslint-disable-line @typescript-eslint/no-explicit-any

// protobuf ScalarType numbers
const DOUBLE = 1, FLOAT = 2, INT64 = 3, UINT64 = 4, INT32 = 5, FIXED64 = 6, FIXED32 = 7, BOOL = 8, STRING = 9, BYTES = 12,
  UINT32 = 13, SFIXED32 = 15, SFIXED64 = 16, SINT32 = 17, SINT64 = 18;
const is64 = (t: number) => t === INT64 || t === UINT64 || t === FIXED64 || t === SFIXED64 || t === SINT64;
const wireType = (t: number) => t === DOUBLE || t === FIXED64 || t === SFIXED64 ? 1 : t === FLOAT || t === FIXED32 || t === SFIXED32 ? 5
  : t === STRING || t === BYTES ? 2 : 0;
const sub = (f: FieldRow) => (f[4] as () => MessageTable)();
const scalarDefault = (t: number) => t === STRING ? "" : t === BYTES ? new Uint8Array(0) : t === BOOL ? false : is64(t) ? 0n : 0;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class WireError extends Error {}

/** Per table, computed once: fields by number, and the defaults every new message starts from. */
interface Layout { byNumber: (FieldRow | undefined)[]; defaults: Obj; lists: string[]; oneofs: string[]; bytes: string[] }
const layouts = new WeakMap<MessageTable, Layout>();

function layout(m: MessageTable): Layout {
  let l = layouts.get(m);
  if (!l) {
    l = { byNumber: [], defaults: { $typeName: m.typeName }, lists: [], oneofs: [], bytes: [] };
    for (const f of m.fields) {
      const [no, name, , kind, type, flags, oneof] = f;
      l.byNumber[no] = f;
      if (oneof) { if (!l.oneofs.includes(oneof)) l.oneofs.push(oneof); }
      else if (flags & 1) l.lists.push(name);
      else if (kind !== 2) l.defaults[name] = kind === 1 ? 0 : scalarDefault(type as number);   // an unset message field is absent
      if (kind === 0 && type === BYTES && !(flags & 1) && !oneof) l.bytes.push(name);
    }
    layouts.set(m, l);
  }
  return l;
}

function blank(m: MessageTable, l = layout(m)): Obj {
  const o: Obj = { ...l.defaults };
  for (const name of l.lists) o[name] = [];
  for (const name of l.oneofs) o[name] = { case: undefined };
  for (const name of l.bytes) o[name] = new Uint8Array(0);   // never share a mutable default
  return o;
}

/** A message with every field at its default, then `init`'s fields (nested messages made the same way). */
export function create<T>(m: MessageTable, init?: Obj): T {
  const o = blank(m);
  for (const k in init ?? {}) {
    const v = init![k];
    if (v === undefined || k === "$typeName") continue;
    const f = m.fields.find((x) => x[1] === k && !x[6]);
    if (f) {
      o[k] = f[3] !== 2 ? v : f[5] & 1 ? (v as Obj[]).map((x) => create(sub(f), x)) : create(sub(f), v);
    } else {
      const member = m.fields.find((x) => x[6] === k && x[1] === v.case);
      o[k] = member && member[3] === 2 ? { case: v.case, value: create(sub(member), v.value) } : v;
    }
  }
  return o as T;
}

// ---- binary ----

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly buf: Uint8Array) { this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }

  /** A varint as [low 32 bits, high 32 bits], both unsigned. */
  varint(): [number, number] {
    const b = this.buf;
    let lo = 0, hi = 0, x: number;
    for (let shift = 0; shift < 28; shift += 7) {
      x = b[this.pos++]!;
      lo |= (x & 0x7f) << shift;
      if (x < 0x80) return [lo >>> 0, 0];
    }
    x = b[this.pos++]!;
    lo |= (x & 0x0f) << 28;
    hi = (x & 0x7f) >> 4;
    if (x < 0x80) return [lo >>> 0, hi];
    for (let shift = 3; shift <= 31; shift += 7) {
      x = b[this.pos++]!;
      hi |= (x & 0x7f) << shift;
      if (x < 0x80) return [lo >>> 0, hi >>> 0];
    }
    throw new WireError("malformed varint");
  }

  /** A varint's low 32 bits, unsigned (tags, lengths, 32-bit fields); the rest of a longer one is skipped. */
  u32(): number {
    const b = this.buf;
    let x = b[this.pos++]!;
    if (x < 0x80) return x;
    let v = x & 0x7f;
    for (let shift = 7; shift < 35; shift += 7) {
      x = b[this.pos++]!;
      v |= (x & 0x7f) << shift;
      if (x < 0x80) return v >>> 0;
    }
    for (let i = 0; i < 5; i++) if (b[this.pos++]! < 0x80) return v >>> 0;
    throw new WireError("malformed varint");
  }

  bytes(): Uint8Array {
    const n = this.u32();
    if (this.pos + n > this.buf.length) throw new WireError("truncated field");
    return this.buf.subarray(this.pos, (this.pos += n));
  }

  scalar(t: number): unknown {
    const v = this.view;
    switch (t) {
      case DOUBLE: return (this.pos += 8, v.getFloat64(this.pos - 8, true));
      case FLOAT: return (this.pos += 4, v.getFloat32(this.pos - 4, true));
      case FIXED32: return (this.pos += 4, v.getUint32(this.pos - 4, true));
      case SFIXED32: return (this.pos += 4, v.getInt32(this.pos - 4, true));
      case FIXED64: return (this.pos += 8, v.getBigUint64(this.pos - 8, true));
      case SFIXED64: return (this.pos += 8, v.getBigInt64(this.pos - 8, true));
      case STRING: return fromUtf8.decode(this.bytes());
      case BYTES: return this.bytes().slice();
    }
    if (!is64(t)) {
      const lo = this.u32();
      return t === BOOL ? lo !== 0 : t === UINT32 ? lo : t === SINT32 ? (lo >>> 1) ^ -(lo & 1) : lo | 0;   // int32, enum
    }
    const [lo, hi] = this.varint();
    const u = hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
    return t === UINT64 ? u : t === SINT64 ? (u >> 1n) ^ -(u & 1n) : hi === 0 ? u : BigInt.asIntN(64, u);
  }

  skip(wt: number): void {
    if (wt === 0) this.u32();
    else if (wt === 1) this.pos += 8;
    else if (wt === 2) this.bytes();
    else if (wt === 5) this.pos += 4;
    else throw new WireError(`unsupported wire type ${wt}`);
  }
}

export function decode<T>(m: MessageTable, bytes: Uint8Array): T {
  return read(m, new Reader(bytes), bytes.length) as T;
}

function read(m: MessageTable, r: Reader, end: number): Obj {
  const l = layout(m);
  const o = blank(m, l);
  while (r.pos < end) {
    const tag = r.u32();
    const no = tag >>> 3, wt = tag & 7;
    const f = l.byNumber[no];
    if (!f) { r.skip(wt); continue; }
    const name = f[1], kind = f[3], type = f[4], flags = f[5], oneof = f[6];   // no destructuring: this is the hot loop
    let value: unknown;
    if (kind === 2) {
      const n = r.u32();
      const stop = r.pos + n;
      if (stop > end) throw new WireError("truncated message");
      const prev = oneof ? undefined : (flags & 1 ? undefined : o[name]);
      value = read(sub(f), r, stop);
      if (prev) Object.assign(prev, value);   // a repeated occurrence of a singular message merges
      if (prev) value = prev;
    } else if (flags & 1 && wt === 2 && wireType(kind === 1 ? INT32 : type as number) !== 2) {
      const stop = r.pos + r.u32();   // packed
      while (r.pos < stop) (o[name] as unknown[]).push(r.scalar(kind === 1 ? INT32 : type as number));
      continue;
    } else {
      value = r.scalar(kind === 1 ? INT32 : type as number);
    }
    if (r.pos > end) throw new WireError("truncated field");
    if (oneof) o[oneof] = { case: name, value };
    else if (flags & 1) (o[name] as unknown[]).push(value);
    else o[name] = value;
  }
  return o;
}

class Writer {
  private buf = new Uint8Array(64);
  len = 0;
  private room(n: number) {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  byte(b: number) { this.room(1); this.buf[this.len++] = b; }
  varint(v: bigint | number) {
    if (typeof v === "number" && v >= 0 && v < 0x80000000) {
      while (v > 0x7f) { this.byte((v & 0x7f) | 0x80); v >>>= 7; }
      return this.byte(v);
    }
    let u = BigInt.asUintN(64, BigInt(v));
    while (u > 0x7fn) { this.byte(Number(u & 0x7fn) | 0x80); u >>= 7n; }
    this.byte(Number(u));
  }
  raw(b: Uint8Array) { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }
  fixed(n: number, set: (v: DataView) => void) {
    this.room(n);
    set(new DataView(this.buf.buffer, this.len, n));
    this.len += n;
  }
  finish(): Uint8Array { return this.buf.slice(0, this.len); }
}

function writeScalar(w: Writer, t: number, v: any): void {   // eslint-disable-line @typescript-eslint/no-explicit-any
  switch (t) {
    case DOUBLE: return w.fixed(8, (d) => d.setFloat64(0, v, true));
    case FLOAT: return w.fixed(4, (d) => d.setFloat32(0, v, true));
    case FIXED32: return w.fixed(4, (d) => d.setUint32(0, v, true));
    case SFIXED32: return w.fixed(4, (d) => d.setInt32(0, v, true));
    case FIXED64: return w.fixed(8, (d) => d.setBigUint64(0, BigInt(v), true));
    case SFIXED64: return w.fixed(8, (d) => d.setBigInt64(0, BigInt(v), true));
    case STRING: { const b = utf8.encode(v); w.varint(b.length); return w.raw(b); }
    case BYTES: w.varint(v.length); return w.raw(v);
    case BOOL: return w.varint(v ? 1 : 0);
    case SINT32: return w.varint(((v << 1) ^ (v >> 31)) >>> 0);
    case SINT64: { const b = BigInt(v); return w.varint((b << 1n) ^ (b >> 63n)); }
    case UINT32: return w.varint(v >>> 0);
    default: return w.varint(is64(t) ? BigInt(v) : v);   // int32 and enum (negative: ten bytes), int64, uint64
  }
}

const isDefault = (v: unknown) => v === undefined || v === null || v === 0 || v === 0n || v === "" || v === false
  || (v instanceof Uint8Array && v.length === 0) || (Array.isArray(v) && v.length === 0);

export function encode(m: MessageTable, msg: Obj): Uint8Array {
  const w = new Writer();
  write(m, msg, w);
  return w.finish();
}

function write(m: MessageTable, msg: Obj, w: Writer): void {
  for (const f of m.fields) {
    const [no, name, , kind, type, flags, oneof] = f;
    let v: any;   // eslint-disable-line @typescript-eslint/no-explicit-any
    if (oneof) {
      if (msg[oneof]?.case !== name) continue;
      v = msg[oneof].value;   // a oneof member is sent even at its default: its presence is the information
      if (v === undefined) continue;
    } else {
      v = msg[name];
      if (isDefault(v)) continue;
    }
    const t = kind === 1 ? INT32 : type as number;
    const one = (x: any) => {   // eslint-disable-line @typescript-eslint/no-explicit-any
      if (kind === 2) {
        const inner = encode(sub(f), x);
        w.varint((no << 3) | 2); w.varint(inner.length); w.raw(inner);
      } else {
        w.varint((no << 3) | wireType(t)); writeScalar(w, t, x);
      }
    };
    if (flags & 1 && flags & 2) {
      const inner = new Writer();
      for (const x of v) writeScalar(inner, t, x);
      const bytes = inner.finish();
      w.varint((no << 3) | 2); w.varint(bytes.length); w.raw(bytes);
    } else if (flags & 1) {
      for (const x of v) one(x);
    } else {
      one(v);
    }
  }
}

// ---- JSON (the protobuf JSON mapping; unknown fields are ignored) ----

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function fromBase64(s: string): Uint8Array {
  const std = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(std + "===".slice((std.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return btoa(s);
}

function scalarFromJson(t: number, v: any): unknown {   // eslint-disable-line @typescript-eslint/no-explicit-any
  if (t === STRING) return String(v);
  if (t === BYTES) return fromBase64(String(v));
  if (t === BOOL) return v === true || v === "true";
  if (is64(t)) return BigInt(typeof v === "number" ? Math.trunc(v) : String(v));
  return typeof v === "number" ? v : Number(v);   // also "NaN", "Infinity" for floats
}

export function fromJson<T>(m: MessageTable, json: unknown): T {
  const o = create<Obj>(m);
  if (json === null || typeof json !== "object") throw new WireError(`${m.typeName}: a JSON object expected`);
  for (const [key, v] of Object.entries(json as Obj)) {
    if (v === null) continue;
    const k = camel(key);
    const f = m.fields.find((x) => x[2] === k || x[1] === k);
    if (!f) continue;
    const [, name, , kind, type, flags, oneof] = f;
    const one = (x: unknown) => kind === 2 ? fromJson(sub(f), x)
      : kind === 1 ? (typeof x === "number" ? x : (type as EnumTable).find((e) => e[1] === x)?.[0] ?? 0)
        : scalarFromJson(type as number, x);
    const value = flags & 1 ? (v as unknown[]).map(one) : one(v);
    if (oneof) o[oneof] = { case: name, value };
    else o[name] = value;
  }
  return o as T;
}

export function toJson(m: MessageTable, msg: Obj): Obj {
  const out: Obj = {};
  for (const f of m.fields) {
    const [, name, json, kind, type, , oneof] = f;
    let v: any;   // eslint-disable-line @typescript-eslint/no-explicit-any
    if (oneof) {
      if (msg[oneof]?.case !== name) continue;
      v = msg[oneof].value;
    } else if (isDefault((v = msg[name]))) continue;
    const one = (x: any) => kind === 2 ? toJson(sub(f), x)   // eslint-disable-line @typescript-eslint/no-explicit-any
      : kind === 1 ? (type as EnumTable).find((e) => e[0] === x)?.[1] ?? x
        : typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? toBase64(x) : x;
    out[json] = Array.isArray(v) ? v.map(one) : one(v);
  }
  return out;
}
