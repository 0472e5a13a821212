#include "tests/support/sentinel_cluster.hpp"

#include <signal.h>

#include <chrono>
#include <cstdio>

namespace blendd::test {

SentinelCluster::SentinelCluster(int base_port) : base_(base_port) {
  servers_.resize(2);
  start_server(base_, "");
  start_server(base_ + 1, "127.0.0.1 " + std::to_string(base_));
  for (int i = 0; i < 3; ++i) {
    const int port = base_ + 2 + i;
    const std::string conf = "sentinel" + std::to_string(i) + ".conf";
    dir_.write(conf, "port " + std::to_string(port) + "\nbind 127.0.0.1\nprotected-mode no\ndir " +
                         dir_.path() + "\nsentinel monitor " + kMaster + " 127.0.0.1 " +
                         std::to_string(base_) + " 2\nsentinel down-after-milliseconds " + kMaster +
                         " 1000\nsentinel failover-timeout " + kMaster +
                         " 10000\nsentinel parallel-syncs " + kMaster + " 1\n");
    sentinels_.push_back(
        std::make_unique<ChildProcess>(std::vector<std::string>{"redis-sentinel", dir_.file(conf)},
                                       dir_.file("sentinel" + std::to_string(i) + ".log")));
  }
  eventually([&] { return up(); }, std::chrono::seconds(15));
}

void SentinelCluster::start_server(int port, const std::string& replica_of) {
  const std::string name = "redis" + std::to_string(port);
  std::vector<std::string> argv{"redis-server",
                                "--port",
                                std::to_string(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "yes",
                                "--dir",
                                dir_.path(),
                                "--appendfilename",
                                name + ".aof",
                                "--appenddirname",
                                name + "-aof",
                                "--dbfilename",
                                name + ".rdb",
                                "--protected-mode",
                                "no"};
  if (!replica_of.empty()) {
    argv.push_back("--replicaof");
    argv.push_back(replica_of);
  }
  servers_[static_cast<std::size_t>(port - base_)] =
      std::make_unique<ChildProcess>(argv, dir_.file(name + ".log"));
}

bool SentinelCluster::up() const {
  if (cli(base_ + 1, {"INFO", "replication"}).find("master_link_status:up") == std::string::npos)
    return false;
  for (int i = 0; i < 3; ++i) {
    const auto master = cli(base_ + 2 + i, {"SENTINEL", "get-master-addr-by-name", kMaster});
    // Every sentinel must also have found the replica (and the others) before a failover works.
    const auto replicas = cli(base_ + 2 + i, {"SENTINEL", "replicas", kMaster});
    if (master.find(std::to_string(base_)) == std::string::npos ||
        replicas.find(std::to_string(base_ + 1)) == std::string::npos)
      return false;
  }
  return true;
}

std::vector<std::string> SentinelCluster::sentinels() const {
  std::vector<std::string> out;
  for (int i = 0; i < 3; ++i) out.push_back("127.0.0.1:" + std::to_string(base_ + 2 + i));
  return out;
}

int SentinelCluster::master_port() const {
  for (int i = 0; i < 3; ++i) {
    const auto answer = cli(base_ + 2 + i, {"SENTINEL", "get-master-addr-by-name", kMaster});
    const auto nl = answer.find('\n');
    if (nl != std::string::npos) return std::atoi(answer.c_str() + nl + 1);
  }
  return 0;
}

void SentinelCluster::kill_master() {
  const int port = master_port();
  const auto index = static_cast<std::size_t>(port - base_);
  if (index < servers_.size() && servers_[index]) servers_[index]->signal(SIGKILL);
}

std::string SentinelCluster::cli(int port, const std::vector<std::string>& args) const {
  std::string command = "redis-cli -h 127.0.0.1 -p " + std::to_string(port);
  for (const auto& a : args) command += " '" + a + "'";
  return command_output(command + " 2>/dev/null");
}

}  // namespace blendd::test
