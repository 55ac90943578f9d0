// The whole Embind surface: free functions over core ids, and one value object. JS never holds
// an Embind object handle (whose class machinery would also cost 2.2 KB of gzip glue):
// web/core.mjs owns each id from createCore to deleteCore. A call with an id that is not live
// (there is none in web/, which refuses calls after dispose) answers an empty value.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <map>
#include <memory>
#include <type_traits>

#include "wx_core.h"

namespace wxs {
namespace {

std::map<int, std::unique_ptr<WxCore>>& Cores() {
  static std::map<int, std::unique_ptr<WxCore>> cores;
  return cores;
}

WxCore* CoreOf(int core_id) {
  auto found = Cores().find(core_id);
  return found == Cores().end() ? nullptr : found->second.get();
}

int CreateCore(emscripten::val sink, const std::string& config_wire_json) {
  static int next_core_id = 1;
  const int core_id = next_core_id++;
  Cores().emplace(core_id, std::make_unique<WxCore>(std::move(sink), config_wire_json));
  return core_id;
}

void DeleteCore(int core_id) { Cores().erase(core_id); }

// OnCore<&WxCore::Method>(core_id, args...) calls the method on that core.
template <typename Method>
struct CoreMethod;

template <typename Result, typename... Args>
struct CoreMethod<Result (WxCore::*)(Args...)> {
  template <auto kMethod>
  static std::decay_t<Result> Call(int core_id, Args... args) {
    WxCore* core = CoreOf(core_id);
    if (core == nullptr) return std::decay_t<Result>();
    return (core->*kMethod)(args...);
  }
};

template <typename Result, typename... Args>
struct CoreMethod<Result (WxCore::*)(Args...) const> : CoreMethod<Result (WxCore::*)(Args...)> {};

template <auto kMethod>
constexpr auto OnCore = &CoreMethod<decltype(kMethod)>::template Call<kMethod>;

}  // namespace
}  // namespace wxs

// The per-message send, as a plain wasm export rather than an Embind function: Embind's
// generic invoker (no eval under a strict CSP) checks and converts every argument in JS.
extern "C" EMSCRIPTEN_KEEPALIVE double wxs_send_scratch(int core_id, int task_id, int is_text,
                                                        int length) {
  wxs::WxCore* core = wxs::CoreOf(core_id);
  return core ? core->SendScratch(task_id, is_text != 0, static_cast<std::size_t>(length)) : -1;
}

EMSCRIPTEN_BINDINGS(wx_socket_core) {
  using namespace emscripten;
  using wxs::ConnectResult;
  using wxs::OnCore;
  using wxs::WxCore;

  value_object<ConnectResult>("ConnectResult")
      .field("taskId", &ConnectResult::task_id)
      .field("errMsg", &ConnectResult::err_msg)
      .field("warning", &ConnectResult::warning);

  function("createCore", &wxs::CreateCore);
  function("deleteCore", &wxs::DeleteCore);
  function("configError", OnCore<&WxCore::config_error>);
  function("connect", OnCore<&WxCore::Connect>);
  function("scratch", OnCore<&WxCore::Scratch>);
  function("lastSendError", OnCore<&WxCore::last_send_error>);
  function("sendOkMessage", OnCore<&WxCore::SendOkMessage>);
  function("rejectSend", OnCore<&WxCore::RejectSend>);
  function("close", OnCore<&WxCore::Close>);
  function("readyState", OnCore<&WxCore::ReadyStateOf>);
  function("stats", OnCore<&WxCore::StatsJson>);
  function("bufferedAmount", OnCore<&WxCore::BufferedAmountOf>);
  function("probe", OnCore<&WxCore::ProbeAll>);
  function("legacyTaskId", OnCore<&WxCore::legacy_task_id>);
  function("heldTasks", OnCore<&WxCore::held_tasks>);
  function("liveSocketHandles", &wxs::BrowserTransportFactory::LiveHandles);
  function(
      "heapBytesInUse", +[] { return static_cast<int>(mallinfo().uordblks); });
}
