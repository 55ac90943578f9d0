// The JS half of the wasm surface (bindings.cpp, js_event_sink.cpp), used only by web/core.mjs.
// Everything crosses as numbers; text as (address, byte length), decoded here before any app
// code runs, so no state of this file is live while a listener calls back into wasm.
mergeInto(LibraryManager.library, {
  // Core id -> the event sink of its wx object (web/session.mjs), added and removed by core.mjs.
  $WxsSinks: {},
  // The text results of the export that is returning, taken by core.mjs as soon as it returns.
  $WxsReplies: [],
  $WxsSinks__deps: ['$WxsReplies'],
  $WxsSinks__postset: 'Module["wxsSinks"] = WxsSinks; Module["wxsReplies"] = WxsReplies;',

  wxs_reply_text__deps: ['$WxsReplies', '$WxsSockets'],
  wxs_reply_text: function(text, length) {
    WxsReplies.push(WxsSockets.textAt(text, length));
  },

  wxs_sink_open__deps: ['$WxsSinks'],
  wxs_sink_open: function(core, taskId, legacy, startMs, endMs) {
    WxsSinks[core]['open'](taskId, legacy !== 0, startMs, endMs);
  },
  wxs_sink_message__deps: ['$WxsSinks'],
  wxs_sink_message: function(core, taskId, legacy) {
    WxsSinks[core]['message'](taskId, legacy !== 0);
  },
  wxs_sink_error__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_error: function(core, taskId, legacy, errMsg, errMsgLength) {
    WxsSinks[core]['error'](taskId, legacy !== 0, WxsSockets.textAt(errMsg, errMsgLength));
  },
  wxs_sink_close__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_close: function(core, taskId, legacy, code, reason, reasonLength) {
    WxsSinks[core]['close'](taskId, legacy !== 0, code, WxsSockets.textAt(reason, reasonLength));
  },
  // A queued message's outcome (one per message someone awaits): a success passes no text.
  wxs_sink_send_outcome__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_send_outcome: function(core, taskId, messageId, errMsg, errMsgLength) {
    WxsSinks[core]['sendOutcome'](taskId, messageId >>> 0,
      errMsgLength ? WxsSockets.textAt(errMsg, errMsgLength) : null);
  },
  wxs_sink_kept_released__deps: ['$WxsSinks'],
  wxs_sink_kept_released: function(core, taskId, belowId) {
    WxsSinks[core]['keptReleased'](taskId, belowId >>> 0);
  },
  wxs_sink_lifecycle__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_lifecycle: function(core, taskId, kind, kindLength, json, jsonLength) {
    WxsSinks[core]['lifecycle'](taskId, WxsSockets.textAt(kind, kindLength),
      WxsSockets.textAt(json, jsonLength));
  },

  // STOMP client events (js_stomp_events.cpp): headers "name\0value\0"..., a body as bytes read
  // by the sink before it returns.
  wxs_stomp_on_connect__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_stomp_on_connect: function(core, taskId, headers, headersLength) {
    WxsSinks[core]['stompConnect'](taskId, WxsSockets.textAt(headers, headersLength));
  },
  wxs_stomp_on_message__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_stomp_on_message: function(core, taskId, subscription, connection, headers, headersLength, body,
    bodyLength) {
    WxsSinks[core]['stompMessage'](taskId, subscription >>> 0, connection >>> 0,
      WxsSockets.textAt(headers, headersLength), body, bodyLength);
  },
  wxs_stomp_on_error__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_stomp_on_error: function(core, taskId, message, messageLength, hasFrame, headers,
    headersLength, body, bodyLength) {
    WxsSinks[core]['stompError'](taskId, WxsSockets.textAt(message, messageLength),
      hasFrame ? WxsSockets.textAt(headers, headersLength) : null, body, bodyLength);
  },
  wxs_stomp_on_disconnect__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_stomp_on_disconnect: function(core, taskId, errMsg, errMsgLength) {
    WxsSinks[core]['stompDisconnect'](taskId, WxsSockets.textAt(errMsg, errMsgLength));
  },
});
