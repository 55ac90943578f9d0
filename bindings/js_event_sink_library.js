// The per-message events, C++ to JS without Embind's generic method-call path (which reads the
// method name from wasm memory and boxes each argument on every call): plain imports that find
// the sink object by its emval handle. Rarer events go through emscripten::val.
mergeInto(LibraryManager.library, {
  wxs_sink_message__deps: ['$Emval'],
  wxs_sink_message: function(sink, taskId, legacy) {
    Emval.toValue(sink)['message'](taskId, legacy !== 0);
  },
  // A queued message's outcome (one per message in queue mode): a success passes no text.
  wxs_sink_send_outcome__deps: ['$Emval'],
  wxs_sink_send_outcome: function(sink, taskId, messageId, errMsgPtr, errMsgLength) {
    Emval.toValue(sink)['sendOutcome'](taskId, messageId >>> 0,
      errMsgLength ? UTF8ToString(errMsgPtr, errMsgLength) : null);
  },
});
