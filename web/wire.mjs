// Reads a wx API argument once and encodes it as JSON for the C++ core, which validates it
// (sdk/params.h). Values JSON cannot carry are tagged with their JS type, so errMsg can name what
// was passed: a function becomes {"__wxType":"Function"}, NaN {"__wxType":"Number","value":"NaN"}.
// Only this file writes tags: a user object with a key named like the tag, or one claiming a
// type name the core trusts (a String object, a Symbol.toStringTag of 'Function'), is tagged as
// what it is, so it never passes for a string, a function or an absent value.

const TYPE_TAG = '__wxType';
const MAX_DEPTH = 8;
// What the core reads as JSON's own types or as absent or callable: never an object's tag.
const TRUSTED_NAMES = ['Undefined', 'Null', 'Boolean', 'Number', 'String', 'Array', 'Function'];

// What a field reads as when its getter throws: the core names it "Unreadable".
const UNREADABLE = { [Symbol.toStringTag]: 'Unreadable' };

function readField(object, key) {
  try {
    return object[key];
  } catch {
    return UNREADABLE;
  }
}

/**
 * The fields `keys` of an object, each read once (a getter that throws reads as Unreadable);
 * null for what is not an object, or a revoked Proxy.
 */
export function readFields(value, keys) {
  if (!((typeof value === 'object' && value !== null) || typeof value === 'function')) return null;
  try {
    Array.isArray(value);  // throws for a revoked Proxy only
  } catch {
    return null;
  }
  const fields = Object.create(null);  // a key "__proto__" is a field like any other
  for (const key of keys) fields[key] = readField(value, key);
  return fields;
}

/**
 * The type name WeChat's parameter errors use: String, Number, Object, ArrayBuffer, ...; never
 * throws ("revoked Proxy", "detached ArrayBuffer").
 */
export function typeName(value) {
  if (value === null) return 'Null';
  const type = typeof value;
  if (type === 'undefined') return 'Undefined';
  if (type === 'bigint') return 'BigInt';
  if (type !== 'object') return type[0].toUpperCase() + type.slice(1);
  try {
    if (Array.isArray(value)) return 'Array';
  } catch {
    return 'revoked Proxy';
  }
  let name;
  try {
    name = Object.prototype.toString.call(value).slice(8, -1);
  } catch {
    return 'Unreadable';  // a Symbol.toStringTag getter threw
  }
  if (isDetached(value)) return `detached ${name}`;
  return TRUSTED_NAMES.includes(name) ? `${name} object` : name;
}

function isDetached(value) {
  try {
    const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
    if (buffer instanceof ArrayBuffer) new Uint8Array(buffer, 0, 0);  // throws once detached
    return false;
  } catch {
    return true;
  }
}

function encode(value, depth) {
  switch (typeof value) {
    case 'string':
      // The browser sends lone surrogates as U+FFFD; do the same so the core sees valid UTF-8.
      return value.toWellFormed ? value.toWellFormed() : value;
    case 'number':
      return Number.isFinite(value) ? value : { [TYPE_TAG]: 'Number', value: String(value) };
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      const name = typeName(value);
      if (depth < MAX_DEPTH && name === 'Array') {
        return value.map((item) => encode(item, depth + 1));
      }
      if (depth < MAX_DEPTH && name === 'Object') {
        const fields = Object.create(null);
        for (const key of Object.keys(value)) {
          if (key === TYPE_TAG) return { [TYPE_TAG]: `Object with a ${TYPE_TAG} key` };
          fields[key] = encode(readField(value, key), depth + 1);
        }
        return fields;
      }
      return { [TYPE_TAG]: name };
    }
    default:
      return { [TYPE_TAG]: typeName(value) };
  }
}

/** The JSON text the core reads; never throws, even for hostile objects. */
export function toWire(value) {
  try {
    return JSON.stringify(encode(value, 0));
  } catch {
    return JSON.stringify({ [TYPE_TAG]: 'Unreadable' });
  }
}
