#pragma once
// What /healthz and the metrics show of this node's role, without NodeRole's Asio.
#include <cstdint>
#include <string>

#include "policy/leadership.hpp"

namespace blendd::daemon {

struct NodeRoleView {
  std::string node;
  policy::NodeRole role = policy::NodeRole::standby;
  std::uint64_t epoch = 0;
  std::string active_node;  // who holds the lease as last seen (this node when active)
  std::uint64_t takeovers = 0;
};

}  // namespace blendd::daemon
