// The whole Embind surface: one class (WxCore, owned and deleted by web/wx.mjs) and one value
// object. Raw methods are _underscored; the public API is the hand-written web/ module.
#include <emscripten/bind.h>
#include <malloc.h>

#include "wx_core.h"

EMSCRIPTEN_BINDINGS(wx_socket_core) {
  using namespace emscripten;
  using wxs::ConnectResult;
  using wxs::WxCore;

  value_object<ConnectResult>("ConnectResult")
      .field("taskId", &ConnectResult::task_id)
      .field("errMsg", &ConnectResult::err_msg)
      .field("warning", &ConnectResult::warning);

  class_<WxCore>("WxCore")
      .constructor<val, const std::string&>()
      .function("_configError", &WxCore::config_error)
      .function("_connect", &WxCore::Connect)
      .function("_scratch", &WxCore::Scratch)
      .function("_sendScratch", &WxCore::SendScratch)
      .function("_lastSendError", &WxCore::last_send_error)
      .function("_sendOkMessage", &WxCore::SendOkMessage)
      .function("_rejectSend", &WxCore::RejectSend)
      .function("_close", &WxCore::Close)
      .function("_readyState", &WxCore::ReadyStateOf)
      .function("_stats", &WxCore::StatsJson)
      .function("_probe", &WxCore::ProbeAll)
      .function("_legacyTaskId", &WxCore::legacy_task_id)
      .function("_heldTasks", &WxCore::held_tasks)
      .class_function("_liveSocketHandles", &wxs::BrowserTransportFactory::LiveHandles)
      .class_function(
          "_heapBytesInUse", +[] { return static_cast<int>(mallinfo().uordblks); });
}
