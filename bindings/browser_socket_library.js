// The browser side of BrowserTransport: WebSocket objects behind integer handles.
//
// We do not use Emscripten's own websocket.h library: in the 3.1.6 this project builds with,
// emscripten_websocket_delete never releases the socket (it deletes `WS.sockets[socket]`, keyed
// by the object), text is sent with UTF8ToString and so cut at the first U+0000, and a throwing
// `new WebSocket` unwinds through wasm frames. This file keeps the same handle-based shape
// without those faults. Events go to C++ through the exported wxs_on_socket_* functions, with
// `events` being the TransportEvents pointer the C++ side registered; a message the core lets go
// around it (the task's bypass lane, sdk/bypass_lane.h) goes straight to the wx object's sink.

mergeInto(LibraryManager.library, {
  $WxsSockets: {
    table: [null],   // handle -> WebSocket; index 0 is never a handle
    freeHandles: [],
    lastError: '',
    // The class createWx({ WebSocket }) was given (Node's `ws`, say), else the runtime's own.
    socketClass: null,
    // The browser's own MessageEvent.data while C++ handles it: the app receives this object
    // (no decode, no copy back); a core that reads it reads its copy in wasm memory.
    inbound: null,
    encoder: null,  // created in the postset: library objects are serialized at build time
    decoder: null,
    // One buffer in wasm memory for incoming payloads, grown to what a message needs (at least
    // 4 KiB): messages up to 64 KiB reuse it, with no malloc/free each. A larger buffer is freed
    // once C++ has handled its message, so a large message does not hold memory for the page's life.
    // C++ copies what it keeps before the callback returns.
    inboundPtr: 0,
    inboundCapacity: 0,
    // The address of room for `size` bytes, or 0 when wasm memory cannot hold them.
    reserveInbound: function(size) {
      if (size > WxsSockets.inboundCapacity) {
        WxsSockets.releaseInbound();
        size = Math.max(size, 4096);
        if (WxsSockets.inboundPtr = _malloc(size)) WxsSockets.inboundCapacity = size;
      }
      return WxsSockets.inboundPtr;
    },
    releaseInbound: function() {
      _free(WxsSockets.inboundPtr);
      WxsSockets.inboundPtr = WxsSockets.inboundCapacity = 0;
    },
    // Copies a payload into the inbound buffer and returns its length in bytes; or, when it is
    // over `limit` or wasm memory cannot hold it, returns minus its size (at most 2^31 - 1: an
    // int32) without copying. Text is UTF-8, at least one byte per UTF-16 unit and at most
    // three: a text certainly over the limit is not encoded (its unit count is the size
    // reported), one certainly under it is encoded in place, and the others are measured first.
    copyIn: function(data, limit) {
      var length = data.length, ptr;
      if (length > limit) return -Math.min(length, 2147483647);
      if (typeof data == 'string') {
        if (3 * length <= limit && (ptr = WxsSockets.reserveInbound(3 * length))) {
          return WxsSockets.utf8Into(data, ptr);
        }
        data = WxsSockets.encoder.encode(data);
        length = data.length;
      }
      if (length > limit || !(ptr = WxsSockets.reserveInbound(length))) return -length;
      HEAPU8.set(data, ptr);  // after reserving: growing wasm memory replaces HEAPU8
      return length;
    },
    // `count` (what the core counts for a message it does not read), or minus `bytes` when those
    // are over `limit` (at most 2^31 - 1: an int32).
    sizeWithin: function(count, bytes, limit) {
      return bytes > limit ? -Math.min(bytes, 2147483647) : count;
    },
    // Writes a JS string as UTF-8 at `ptr`, which has room for 3 bytes per UTF-16 code unit;
    // returns the byte length. Short ASCII text is copied by hand: the browser's encodeInto
    // costs about a microsecond per call, however short the text.
    utf8Into: function(text, ptr) {
      var length = text.length, i = 0;
      if (length <= 64) {
        for (; i < length; i++) {
          var unit = text.charCodeAt(i);
          if (unit >= 0x80) break;
          HEAPU8[ptr + i] = unit;
        }
        if (i === length) return length;
      }
      return WxsSockets.encoder.encodeInto(text, HEAPU8.subarray(ptr, ptr + 3 * length)).written;
    },
    // The UTF-8 length of a JS string as TextEncoder and WebSocket.send encode it (a lone
    // surrogate becomes U+FFFD, 3 bytes), counted without encoding it.
    nonAscii: null,  // /[^\0-\x7f]/, made in the postset
    utf8Length: function(text) {
      var length = text.length, bytes = length;
      if (!WxsSockets.nonAscii.test(text)) return length;
      for (var i = 0; i < length; i++) {
        var unit = text.charCodeAt(i);
        if (unit < 0x80) continue;
        if (unit < 0x800) {
          bytes += 1;
        } else {
          bytes += 2;
          // A surrogate pair is 4 bytes in all: skip its second half.
          if (unit < 0xdc00 && unit >= 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
        }
      }
      return bytes;
    },
    // Sends `data` on an open socket: 1 when handed over, 0 otherwise. Bytes the browser refuses
    // as they are (a resizable buffer's or a shared one's: WebSocket.send takes neither) go as a
    // copy of them.
    send: function(socket, data, copied) {
      if (!socket || socket.readyState !== 1) return 0;
      try {
        socket.send(data);
        return 1;
      } catch (e) {
        // A view of its bytes (an ArrayBuffer has no offset), sliced into a buffer of their own.
        return typeof data != 'string' && !copied ?
          WxsSockets.send(socket, new Uint8Array(data.buffer || data, data.byteOffset, data.byteLength).slice(), 1) : 0;
      }
    },
    // Sends an app's payload (a string, or an ArrayBuffer or Uint8Array it may reuse once send()
    // returned): the bytes handed over, or -1 when the socket refused them.
    sendAppPayload: function(socket, data) {
      var isText = typeof data == 'string';
      var before = isText ? socket.bufferedAmount : 0;
      if (!isText && WxsSockets.socketClass) {
        // A class other than the browser's (Node's `ws`) may read the bytes after send() returned,
        // when the app may have reused its buffer, or JS its copy of a queued message's (once
        // the message's outcome came): it gets a copy of its own (a plain Uint8Array's, even of
        // a Node Buffer, whose slice() would share its memory).
        try {
          data = data instanceof ArrayBuffer ? data.slice(0) : new Uint8Array(data);
        } catch (e) {
          // no memory for a copy: the app's own bytes go
        }
      }
      if (!WxsSockets.send(socket, data)) return -1;
      if (!isText) return data.byteLength;
      // A browser encodes the text as it sends it, and its bufferedAmount grows by the UTF-8 size
      // (it only falls between tasks): a count for free. Another class counts its own way (Node's
      // `ws` adds framing): the text is counted here. Never below 0: the socket took it, and a
      // negative count would read as refused (and sent again by the core).
      return WxsSockets.socketClass ? WxsSockets.utf8Length(data) : Math.max(0, socket.bufferedAmount - before);
    },
    // The bypass lane (sdk/bypass_lane.h): a word each for inbound and outbound held (outbound:
    // 0 open, 1 held, 2 held while timers may lag), then the counts as doubles: messages in,
    // bytes in, messages out, bytes out; then a queue's log of what went around (see
    // logAround). `socket` is the lane's latest (see wxs_socket_open): a released one is closing
    // and refuses. Returns -1 when the core must send it, 0 when it went, or for a task with a
    // queue the message id JS keeps the payload under.
    sendAround: function(lane, socket, data, timersMayLag, awaited) {
      var held = HEAPU32[(lane >> 2) + 1], bytes;
      if (held === 1 || (held === 2 && timersMayLag)) return -1;
      var logs = HEAPU32[(lane >> 2) + 13] !== 0;
      // A queue's awaited send goes through the core, which times its outcome; a full log, or
      // one holding its share of kept bytes, is taken in by the core first.
      if (logs && (awaited || HEAPU32[(lane >> 2) + 12] === HEAPU32[(lane >> 2) + 13] ||
                   HEAPF64[(lane >> 3) + 5] <= 0 || (data.length ?? data.byteLength) >= 0x2aaaaaaa)) return -1;
      if ((bytes = WxsSockets.sendAppPayload(socket, data)) < 0) return -1;
      HEAPF64[(lane >> 3) + 3] += 1;
      HEAPF64[(lane >> 3) + 4] += bytes;
      return logs ? WxsSockets.logAround(lane, bytes, typeof data == 'string') : 0;
    },
    // Logs a message sent around a task's queue: its size with the text bit (the length check in
    // sendAround keeps it below 2^31), in the next place of the log, which the core takes in
    // before it next reads or writes the connection's byte stream. Returns the message's id.
    logAround: function(lane, bytes, isText) {
      var at = lane >> 2, place = HEAPU32[at + 12];
      HEAPU32[at + 15 + place] = bytes;
      // The text bit is bit 31, the top of the entry's last byte: set there, as a number with it
      // would be a heap object (small integers have 31 bits) for every text sent.
      if (isText) HEAPU8[lane + 4 * (15 + place) + 3] |= 0x80;
      HEAPU32[at + 12] = place + 1;
      HEAPF64[(lane >> 3) + 5] -= bytes;
      return HEAPU32[at + 14] + place;
    },
    textAt: function(ptr, length) {
      return WxsSockets.decoder.decode(HEAPU8.subarray(ptr, ptr + length));
    },
  },

  $WxsSockets__postset: 'WxsSockets.encoder = new TextEncoder(); WxsSockets.decoder = new TextDecoder();' +
    'WxsSockets.nonAscii = /[^\\0-\\x7f]/;' +
    'Module["wxsInboundMessage"] = function() { return WxsSockets.inbound; };' +
    'Module["wxsUseSocketClass"] = function(socketClass) { WxsSockets.socketClass = socketClass; };' +
    'Module["wxsUtf8Into"] = WxsSockets.utf8Into;' +
    'Module["wxsUtf8Length"] = WxsSockets.utf8Length;' +
    'Module["wxsSendAround"] = WxsSockets.sendAround;',

  wxs_socket_open__deps: ['$WxsSockets', '$WxsSinks', 'malloc', 'free'],
  // `limit`: the largest message the core takes (its maxInboundMessageSize). A message enters
  // wasm memory only if `readsEveryMessage` (a STOMP task), or if it is a text that may be a pong:
  // of pongMinUnits to pongMaxUnits UTF-16 code units, starting with '{' if `pongIsJsonObject`.
  // Otherwise the core gets its size: its bytes stay in JS, and the browser's string or
  // ArrayBuffer is what the app receives.
  // `lane`: the task's BypassLane. While its inbound word is 0, a message whose bytes stay in JS
  // goes to the app without the core (its sink's `bypassed`), counted in the lane. The sink's
  // `lane` learns each new socket of the task, for sends around the core.
  wxs_socket_open: function(urlPtr, protocolsPtr, events, lane, core, taskId, limit,
    readsEveryMessage, pongMinUnits, pongMaxUnits, pongIsJsonObject) {
    var url = UTF8ToString(urlPtr);
    var protocols = UTF8ToString(protocolsPtr);  // comma-separated tokens, or empty
    var Socket = WxsSockets.socketClass || (typeof WebSocket == 'function' ? WebSocket : null);
    if (!Socket) {
      WxsSockets.lastError = 'this runtime has no WebSocket: pass a WebSocket class, as createWx({ WebSocket })';
      return 0;
    }
    var socket;
    try {
      socket = protocols ? new Socket(url, protocols.split(',')) : new Socket(url);
    } catch (e) {
      WxsSockets.lastError = String((e && e.name ? e.name + ': ' : '') + (e && e.message || e));
      return 0;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = function() { _wxs_on_socket_open(events); };
    socket.onerror = function() { _wxs_on_socket_error(events); };
    socket.onclose = function(event) {
      var length = WxsSockets.copyIn(event.reason, limit);
      _wxs_on_socket_close(events, event.code, WxsSockets.inboundPtr, length < 0 ? 0 : length);
    };
    socket.onmessage = function(event) {
      var data = event.data, length, kind;
      if (typeof data != 'string') {
        if (readsEveryMessage) {
          length = WxsSockets.copyIn(new Uint8Array(data), limit);
          kind = 0;
        } else {
          length = WxsSockets.sizeWithin(data.byteLength, data.byteLength, limit);
          kind = 2;
        }
      } else if (readsEveryMessage || (data.length >= pongMinUnits && data.length <= pongMaxUnits &&
          (!pongIsJsonObject || data.charCodeAt(0) === 123))) {
        length = WxsSockets.copyIn(data, limit);
        kind = 1;
      } else {
        // Its UTF-8 size is measured only when its length cannot tell it is within the limit
        // (one to three bytes per code unit).
        var lengthTells = 3 * data.length <= limit || data.length > limit;
        var bytes = lengthTells ? data.length : WxsSockets.utf8Length(data);
        length = WxsSockets.sizeWithin(data.length, bytes, limit);
        kind = 3;
      }
      if (kind >= 2 && length >= 0 && lane && !HEAPU32[lane >> 2]) {
        HEAPF64[(lane >> 3) + 1] += 1;
        HEAPF64[(lane >> 3) + 2] += length;
        WxsSinks[core]['bypassed'](taskId, data);
        return;
      }
      WxsSockets.inbound = data;  // (not copied when length < 0: the core then closes the task)
      try {
        _wxs_on_socket_message(events, WxsSockets.inboundPtr, length, kind);
      } finally {
        WxsSockets.inbound = null;
        if (WxsSockets.inboundCapacity > 65536) WxsSockets.releaseInbound();
      }
    };
    var handle = WxsSockets.freeHandles.length ? WxsSockets.freeHandles.pop() : WxsSockets.table.length;
    WxsSockets.table[handle] = socket;
    if (lane) WxsSinks[core]['lane'](taskId, lane, socket);
    return handle;
  },

  wxs_socket_copy_last_error__deps: ['$WxsSockets'],
  // The last failed open's error, as UTF-8 cut at a character to fit `size` bytes with its 0.
  wxs_socket_copy_last_error: function(buffer, size) {
    var written = WxsSockets.encoder.encodeInto(WxsSockets.lastError, HEAPU8.subarray(buffer, buffer + size - 1)).written;
    HEAPU8[buffer + written] = 0;
  },

  // Bytes the core made (a ping, a STOMP frame) in wasm memory. Returns 1 when the frame was
  // handed to an open socket, 0 otherwise.
  wxs_socket_send__deps: ['$WxsSockets'],
  wxs_socket_send: function(handle, isText, ptr, length) {
    // A browser copies what send() is given; another class (Node's `ws` compresses later) may
    // keep the view, whose bytes the core reuses: it gets a copy.
    return WxsSockets.send(WxsSockets.table[handle], isText ? WxsSockets.textAt(ptr, length) :
      WxsSockets.socketClass ? HEAPU8.slice(ptr, ptr + length) : HEAPU8.subarray(ptr, ptr + length));
  },

  // An app's payload, which JS kept (web/send.mjs): the one of the send under way (message id
  // 0), or a queued message's. It never entered wasm memory. Returns the bytes handed over, or -1
  // when the socket refused them.
  wxs_socket_send_kept__deps: ['$WxsSockets', '$WxsSinks'],
  wxs_socket_send_kept: function(handle, core, taskId, messageId) {
    var socket = WxsSockets.table[handle];
    return socket ? WxsSockets.sendAppPayload(socket, WxsSinks[core]['payload'](taskId, messageId >>> 0)) : -1;
  },

  // Bytes given to send() that the browser has not written to the network yet; after the close
  // event, those it never wrote (the count does not reset when the socket closes).
  wxs_socket_buffered_amount__deps: ['$WxsSockets'],
  wxs_socket_buffered_amount: function(handle) {
    var socket = WxsSockets.table[handle];
    return socket ? socket.bufferedAmount : 0;
  },

  wxs_socket_close__deps: ['$WxsSockets'],
  wxs_socket_close: function(handle, code, reasonPtr, reasonLength) {
    var socket = WxsSockets.table[handle];
    if (!socket) return;
    try {
      socket.close(code, WxsSockets.textAt(reasonPtr, reasonLength));
    } catch (e) {
      // The core validated code and reason; nothing else can make close() throw.
    }
  },

  // Detaches every handler (no event reaches C++ afterwards), closes a live socket and frees
  // the handle for reuse. An error listener stays: Node's `ws` throws an error nobody listens to.
  wxs_socket_release__deps: ['$WxsSockets'],
  wxs_socket_release: function(handle) {
    var socket = WxsSockets.table[handle];
    if (!socket) return;
    socket.onopen = socket.onclose = socket.onmessage = null;
    socket.onerror = function() {};
    if (socket.readyState === 0 || socket.readyState === 1) socket.close(1000);
    WxsSockets.table[handle] = null;
    WxsSockets.freeHandles.push(handle);
  },

  wxs_socket_live_handles__deps: ['$WxsSockets'],
  wxs_socket_live_handles: function() {
    return WxsSockets.table.length - 1 - WxsSockets.freeHandles.length;
  },
});
