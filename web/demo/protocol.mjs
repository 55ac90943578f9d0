// The chat demo's wire protocol, shared by the page and the server. It runs in browsers and in
// Node, so it uses only Uint8Array, DataView, TextEncoder and TextDecoder (no Buffer).

export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_TEXT_CHARS = 2000;
export const MAX_NAME_CHARS = 24;
export const MAX_GROUPS = 8;

// Letters of any script (e.g. Chinese names), digits, '_' and '-'. '|' and ':' are never allowed,
// so room keys split unambiguously.
const NAME_PATTERN = new RegExp(`^[\\p{L}\\p{N}_-]{1,${MAX_NAME_CHARS}}$`, 'u');
const HEADER_LENGTH_BYTES = 4;

/** True for a user or group name: 1–24 letters, digits, '_' or '-'. */
export function isValidName(name) {
  return typeof name === 'string' && NAME_PATTERN.test(name);
}

/** True for `{kind:'all'}`, `{kind:'user', name}` or `{kind:'group', name}` with a valid name. */
export function isValidTarget(to) {
  if (!isPlainObject(to)) return false;
  if (to.kind === 'all') return true;
  return (to.kind === 'user' || to.kind === 'group') && isValidName(to.name);
}

/** The room key a message from `fromName` to `to` belongs to: 'all', 'group:<name>' or 'dm:<a>|<b>'. */
export function roomFor(to, fromName) {
  if (!isValidTarget(to)) throw new TypeError(`not a message target: ${JSON.stringify(to)}`);
  if (to.kind === 'all') return 'all';
  if (to.kind === 'group') return `group:${to.name}`;
  // Sorted, so both ends of a conversation name the same room.
  const [a, b] = [fromName, to.name].sort();
  return `dm:${a}|${b}`;
}

/** The shared rooms `user` ({name, groups}) reads; direct-message rooms are checked with canRead. */
export function roomsOf(user) {
  return ['all', ...user.groups.map((group) => `group:${group}`)];
}

/** True when `user` ({name, groups}) may read messages of `roomKey`. */
export function canRead(roomKey, user) {
  if (roomKey === 'all') return true;
  if (roomKey.startsWith('group:')) return user.groups.includes(roomKey.slice('group:'.length));
  if (roomKey.startsWith('dm:')) return roomKey.slice('dm:'.length).split('|').includes(user.name);
  return false;
}

/** A binary frame: [u32 big-endian header length][header JSON as UTF-8][payload bytes]. */
export function encodeBinaryFrame(header, bytes) {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const payload = asUint8Array(bytes);
  const frame = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.length + payload.length);
  new DataView(frame.buffer).setUint32(0, headerBytes.length);
  frame.set(headerBytes, HEADER_LENGTH_BYTES);
  frame.set(payload, HEADER_LENGTH_BYTES + headerBytes.length);
  return frame.buffer;
}

/** Splits a binary frame into `{header, bytes}`; throws an Error saying what is wrong with it. */
export function decodeBinaryFrame(frame) {
  const view = asUint8Array(frame);
  if (view.length < HEADER_LENGTH_BYTES) {
    throw new Error(`binary frame too short: ${view.length} bytes, the header length alone takes 4`);
  }
  const headerLength = new DataView(view.buffer, view.byteOffset, view.length).getUint32(0);
  const headerEnd = HEADER_LENGTH_BYTES + headerLength;
  if (headerEnd > view.length) {
    throw new Error(`binary frame header length ${headerLength} runs past the end of a ${view.length}-byte frame`);
  }
  const header = parseHeader(view.subarray(HEADER_LENGTH_BYTES, headerEnd));
  return { header, bytes: view.slice(headerEnd) };
}

function parseHeader(headerBytes) {
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new Error(`binary frame header is not UTF-8 JSON: ${error.message}`);
  }
  if (!isPlainObject(header)) throw new Error('binary frame header is not a JSON object');
  return header;
}

function asUint8Array(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected an ArrayBuffer or a typed array / DataView');
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
