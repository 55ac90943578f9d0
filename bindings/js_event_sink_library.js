// The per-message event, C++ to JS without Embind's generic method-call path (which reads the
// method name from wasm memory and boxes each argument on every call): a plain import that
// finds the sink object by its emval handle. Rarer events go through emscripten::val.
mergeInto(LibraryManager.library, {
  wxs_sink_message__deps: ['$Emval'],
  wxs_sink_message: function(sink, taskId, legacy) {
    Emval.toValue(sink)['message'](taskId, legacy !== 0);
  },
});
