#pragma once
// What /healthz and the metrics show of this node's role, without NodeRole's Asio.
#include <cstdint>
#include <string>
#include <vector>

#include "policy/leadership.hpp"

namespace blendd::daemon {

struct NodeRoleView {
  std::string node;
  policy::NodeRole role = policy::NodeRole::standby;
  std::uint64_t epoch = 0;
  std::string url;          // where this node is reached (node.url)
  std::string active_node;  // who holds the lease as last seen (this node when active)
  std::string active_url;   // where the active node is reached, as it said in the lease
  std::uint64_t takeovers = 0;
  std::vector<std::string> nodes;  // every node's URL, this one first (node.url, node.peers)
};

}  // namespace blendd::daemon
