#pragma once
// A Redis master with one replica and three Sentinels on loopback TCP ports (base .. base+4),
// for tests of a master failover: the master at base, the replica at base+1, the sentinels at
// base+2..base+4 (quorum 2, a master is down after 1 s without an answer).
#include <memory>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace blendd::test {

class SentinelCluster {
 public:
  static constexpr const char* kMaster = "blendd";
  explicit SentinelCluster(int base_port);
  bool up() const;  // the replica is in sync and every sentinel knows the master
  std::vector<std::string> sentinels() const;  // "127.0.0.1:PORT" each
  // The master's port as the sentinels name it now (0 when none answers).
  int master_port() const;
  void kill_master();  // SIGKILL whichever server is the master now
  // redis-cli against 127.0.0.1:port.
  std::string cli(int port, const std::vector<std::string>& args) const;

 private:
  void start_server(int port, const std::string& replica_of);
  TempDir dir_;
  int base_;
  std::vector<std::unique_ptr<ChildProcess>> servers_;  // index: port - base
  std::vector<std::unique_ptr<ChildProcess>> sentinels_;
};

}  // namespace blendd::test
