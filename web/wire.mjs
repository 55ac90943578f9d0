// Encodes a wx API argument as JSON for the C++ core, which validates it (sdk/params.h).
// Values JSON cannot carry are tagged with their JS type, so errMsg can name what was passed:
// a function becomes {"__wxType":"Function"}, NaN becomes {"__wxType":"Number","value":"NaN"}.

const TYPE_TAG = '__wxType';
const MAX_DEPTH = 8;

/** The type name WeChat's parameter errors use: String, Number, Object, ArrayBuffer, ... */
export function typeName(value) {
  if (value === null) return 'Null';
  const type = typeof value;
  if (type === 'undefined') return 'Undefined';
  if (type === 'bigint') return 'BigInt';
  if (type !== 'object') return type[0].toUpperCase() + type.slice(1);
  return Array.isArray(value) ? 'Array' : Object.prototype.toString.call(value).slice(8, -1);
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
    case 'object':
      if (value === null) return null;
      if (depth < MAX_DEPTH && Array.isArray(value)) {
        return value.map((item) => encode(item, depth + 1));
      }
      if (depth < MAX_DEPTH && typeName(value) === 'Object') {
        const fields = {};
        for (const key of Object.keys(value)) fields[key] = encode(value[key], depth + 1);
        return fields;
      }
      return { [TYPE_TAG]: typeName(value) };
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
