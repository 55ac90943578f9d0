// Reads a wx API argument once and encodes it as JSON for the C++ core, which validates it
// (sdk/params.h). Values JSON cannot carry are tagged with their JS type, so errMsg can name what
// was passed: a function becomes {"__wxType":"Function"}, NaN {"__wxType":"Number","value":"NaN"}.
// Only this file writes tags: a user object with a key named like the tag, or one claiming a
// name the core trusts a tag with (a String object, a Symbol.toStringTag of 'Function'), is
// tagged as what it is, so it never passes for a string, a callback or an absent value.

const TYPE_TAG = '__wxType';
const MAX_DEPTH = 8;
const TRUSTED_NAMES = ['Undefined', 'Null', 'Boolean', 'Number', 'String', 'Array', 'Function'];

/**
 * The type name WeChat's parameter errors use: String, Number, Object, ArrayBuffer, ... Never
 * throws: "revoked Proxy", "detached ArrayBuffer", "Unreadable" (a trap or getter threw).
 */
export function typeName(value) {
  if (typeof value === 'function') return 'Function';
  try {
    if (Array.isArray(value)) return 'Array';
  } catch {
    return 'revoked Proxy';  // the only object Array.isArray throws for
  }
  try {
    const name = Object.prototype.toString.call(value).slice(8, -1);  // "Null", "String", ...
    if (Object(value) !== value) return name;
    if (isDetached(value)) return `detached ${name}`;
    return TRUSTED_NAMES.includes(name) ? `${name} object` : name;
  } catch {
    return 'Unreadable';
  }
}

/** Whether `value` is an ArrayBuffer, or a view of one, that was detached (it has no bytes). */
export function isDetached(value) {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  try {
    if (buffer instanceof ArrayBuffer) new Uint8Array(buffer, 0, 0);
  } catch {
    return true;
  }
  return false;
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
        const fields = {};
        for (const key of Object.keys(value)) {
          if (key === TYPE_TAG) return { [TYPE_TAG]: `Object with a ${TYPE_TAG} key` };
          fields[key] = encode(value[key], depth + 1);
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

/**
 * The JSON text the core reads for an argument as readArgument (web/callbacks.mjs) read it: its
 * fields when it is a plain object, else the argument itself, named by its type (a getter that
 * threw is read again here, and the whole argument named Unreadable).
 */
export function wireOf({ options, fields }) {
  return toWire(fields && typeName(options) === 'Object' ? fields : options);
}
