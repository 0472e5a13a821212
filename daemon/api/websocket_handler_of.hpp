#pragma once
// The WebSocketHandler of a feed whose state lives in a shared `Impl` with on_message/on_close:
// the callbacks hold it weakly, so a session outliving the feed reaches nothing.
#include <memory>
#include <string>

#include "daemon/http/websocket_types.hpp"

namespace blendd::daemon {

template <class Impl>
WebSocketHandler websocket_handler_of(const std::shared_ptr<Impl>& impl) {
  WebSocketHandler h;
  std::weak_ptr<Impl> weak = impl;
  h.message = [weak](const WebSocketPtr& ws, std::string text) {
    if (auto self = weak.lock()) self->on_message(ws, text);
  };
  h.closed = [weak](const WebSocketPtr& ws) {
    if (auto self = weak.lock()) self->on_close(ws);
  };
  return h;
}

}  // namespace blendd::daemon
