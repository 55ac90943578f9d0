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
  // A queued message's outcome (one per message in queue mode): a success passes no text.
  wxs_sink_send_outcome__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_send_outcome: function(core, taskId, messageId, errMsg, errMsgLength) {
    WxsSinks[core]['sendOutcome'](taskId, messageId >>> 0,
      errMsgLength ? WxsSockets.textAt(errMsg, errMsgLength) : null);
  },
  wxs_sink_lifecycle__deps: ['$WxsSinks', '$WxsSockets'],
  wxs_sink_lifecycle: function(core, taskId, kind, kindLength, json, jsonLength) {
    WxsSinks[core]['lifecycle'](taskId, WxsSockets.textAt(kind, kindLength),
      WxsSockets.textAt(json, jsonLength));
  },
});
