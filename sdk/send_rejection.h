// Why a SocketTask.send / wx.sendSocketMessage argument cannot be sent. The web layer sends
// valid payloads straight to the task; everything else comes here for its errMsg.
#pragma once

#include <string>
#include <string_view>

namespace wxs {

// The detail after "sendSocketMessage:fail ".
std::string ExplainSendRejection(std::string_view wire_json);

}  // namespace wxs
