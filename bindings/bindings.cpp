// The whole wasm surface: plain exports over core ids, called only by web/core.mjs.
//
// Every argument is a number. A string from JS arrives as (address, byte length) in a buffer
// that the calling JS allocated for this one call and frees after it, so a listener that calls
// in again while this call is on the stack (close() from onStateChange, inside close()) has its
// own buffer and cannot overwrite or free this one. Embind is not used: with
// -sDYNAMIC_EXECUTION=0 it keeps one argument array per bound function, which such a nested
// call overwrote (issue 13). A string result goes back through wxs_reply_text once the core's
// work (and every listener it ran) is done, just before the export returns, and web/core.mjs
// takes it before any app code runs: a nested call's reply is taken before the outer one exists.
//
// A call with an id that is not live (there is none in web/, which refuses calls after
// dispose) does nothing and answers 0 or no text.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wx_core.h"

extern "C" {
// boundary_library.js
void wxs_reply_text(const char* text, int length);
}

namespace wxs {
namespace {

// A page holds a few wx objects, most often one: a short list searched from the newest is the
// cheapest lookup for a call made on every message.
std::vector<std::unique_ptr<WxCore>>& Cores() {
  static std::vector<std::unique_ptr<WxCore>> cores;
  return cores;
}

WxCore* CoreOf(int core_id) {
  for (auto it = Cores().rbegin(); it != Cores().rend(); ++it) {
    if ((*it)->id() == core_id) return it->get();
  }
  return nullptr;
}

std::string_view TextAt(const char* text, int length) {
  return {text, static_cast<std::size_t>(length)};
}

void Reply(std::string_view text) { wxs_reply_text(text.data(), static_cast<int>(text.size())); }

// Replies the errMsg, then the warning; returns the task id.
int ReplyConnected(const ConnectResult& result) {
  Reply(result.err_msg);
  Reply(result.warning);
  return result.task_id;
}

}  // namespace
}  // namespace wxs

using wxs::CoreOf;
using wxs::Reply;
using wxs::ReplyConnected;
using wxs::TextAt;

extern "C" {

EMSCRIPTEN_KEEPALIVE int wxs_create_core(const char* config, int config_length) {
  static int next_core_id = 1;
  const int core_id = next_core_id++;
  wxs::Cores().push_back(std::make_unique<wxs::WxCore>(core_id, TextAt(config, config_length)));
  return core_id;
}

EMSCRIPTEN_KEEPALIVE void wxs_delete_core(int core_id) {
  auto& cores = wxs::Cores();
  for (auto it = cores.begin(); it != cores.end(); ++it) {
    if ((*it)->id() == core_id) {
      // Destroyed once the list is whole again: closing its tasks must not find a hole.
      const std::unique_ptr<wxs::WxCore> doomed = std::move(*it);
      cores.erase(it);
      return;
    }
  }
}

EMSCRIPTEN_KEEPALIVE void wxs_config_error(int core_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->config_error());
}

EMSCRIPTEN_KEEPALIVE int wxs_connect(int core_id, const char* options, int options_length) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? ReplyConnected(core->Connect(TextAt(options, options_length))) : 0;
}

EMSCRIPTEN_KEEPALIVE void wxs_close(int core_id, int task_id, const char* options,
                                    int options_length) {
  if (wxs::WxCore* core = CoreOf(core_id)) {
    Reply(core->Close(task_id, TextAt(options, options_length)));
  }
}

// The address of the core's buffer for a STOMP body, with room for `capacity` bytes (see
// WxCore::Scratch).
EMSCRIPTEN_KEEPALIVE std::uintptr_t wxs_scratch(int core_id, std::uint32_t capacity) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? core->Scratch(capacity) : 0;
}

// The per-message send of `size` bytes JS keeps (-1: text not measured yet): 0 sent, > 0 queued
// with that message id, -1 failed (wxs_last_send_error), -2 send again with the size. `flags`:
// 1 text, 2 someone awaits the outcome, 4 timers may have been held back (web/send.mjs).
EMSCRIPTEN_KEEPALIVE double wxs_send(int core_id, int task_id, int flags, double size) {
  wxs::WxCore* core = CoreOf(core_id);
  if (core == nullptr) return -1;
  return core->Send(task_id, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                    size < 0 ? wxs::Payload::kUnmeasured : static_cast<std::size_t>(size));
}

EMSCRIPTEN_KEEPALIVE void wxs_last_send_error(int core_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->last_send_error());
}

EMSCRIPTEN_KEEPALIVE void wxs_send_ok_message(int core_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->SendOkMessage());
}

EMSCRIPTEN_KEEPALIVE void wxs_reject_send(int core_id, const char* options, int options_length) {
  if (wxs::WxCore* core = CoreOf(core_id)) {
    Reply(core->RejectSend(TextAt(options, options_length)));
  }
}

// wx.connectStomp and its client (web/stomp-client.mjs). Replies: the errMsg, then the warning.
EMSCRIPTEN_KEEPALIVE int wxs_connect_stomp(int core_id, const char* options, int options_length) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? ReplyConnected(core->ConnectStomp(TextAt(options, options_length))) : 0;
}

// Replies the errMsg; returns the subscription id (0: refused).
EMSCRIPTEN_KEEPALIVE double wxs_stomp_subscribe(int core_id, int task_id, const char* call,
                                                int call_length) {
  wxs::WxCore* core = CoreOf(core_id);
  if (core == nullptr) return 0;
  std::string err_msg;
  const double id = core->StompSubscribe(task_id, TextAt(call, call_length), err_msg);
  Reply(err_msg);
  return id;
}

EMSCRIPTEN_KEEPALIVE void wxs_stomp_unsubscribe(int core_id, int task_id, double subscription) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->StompUnsubscribe(task_id, subscription));
}

// The body is the scratch buffer's first `length` bytes (wxs_scratch). Replies the errMsg when
// settled now; returns 0 then, else the id whose outcome comes as an event.
EMSCRIPTEN_KEEPALIVE double wxs_stomp_send_scratch(int core_id, int task_id, const char* call,
                                                   int call_length, int is_text, int length) {
  wxs::WxCore* core = CoreOf(core_id);
  if (core == nullptr) return 0;
  std::string err_msg;
  const double id = core->StompSendScratch(task_id, TextAt(call, call_length), is_text != 0,
                                           static_cast<std::size_t>(length), err_msg);
  Reply(err_msg);
  return id;
}

EMSCRIPTEN_KEEPALIVE void wxs_stomp_ack(int core_id, int task_id, const char* ack_id,
                                        int ack_id_length, double connection, int nack) {
  if (wxs::WxCore* core = CoreOf(core_id)) {
    Reply(core->StompAck(task_id, TextAt(ack_id, ack_id_length), connection, nack != 0));
  }
}

EMSCRIPTEN_KEEPALIVE void wxs_stomp_disconnect(int core_id, int task_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->StompDisconnect(task_id));
}

EMSCRIPTEN_KEEPALIVE int wxs_ready_state(int core_id, int task_id) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? core->ReadyStateOf(task_id) : 0;
}

EMSCRIPTEN_KEEPALIVE void wxs_stats(int core_id, int task_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) Reply(core->StatsJson(task_id));
}

EMSCRIPTEN_KEEPALIVE double wxs_buffered_amount(int core_id, int task_id) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? core->BufferedAmountOf(task_id) : 0;
}

EMSCRIPTEN_KEEPALIVE void wxs_probe(int core_id) {
  if (wxs::WxCore* core = CoreOf(core_id)) core->ProbeAll();
}

EMSCRIPTEN_KEEPALIVE int wxs_legacy_task_id(int core_id) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? core->legacy_task_id() : 0;
}

EMSCRIPTEN_KEEPALIVE int wxs_held_tasks(int core_id) {
  wxs::WxCore* core = CoreOf(core_id);
  return core ? core->held_tasks() : 0;
}

EMSCRIPTEN_KEEPALIVE int wxs_live_socket_handles() {
  return wxs::BrowserTransportFactory::LiveHandles();
}

EMSCRIPTEN_KEEPALIVE int wxs_heap_bytes_in_use() { return static_cast<int>(mallinfo().uordblks); }

}  // extern "C"
