// blendd-demo: the demo call centre's agents and its live summary. Starts one simulated agent per
// "--agent id:token" on blendd's WebSocket desktop, steers the inbound callers' sipp through a
// compressed day of busy and idle periods (sipp's UDP control port, loopback), and prints a
// summary line every two seconds from /api/v1/figures. Ctrl-C ends it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ctl/api_client.hpp"
#include "desk/agent_bot.hpp"

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::atomic<bool> stop{false};

struct Options {
  int http_port = 8080;
  std::string viewer_token;
  std::vector<std::pair<std::string, std::string>> agents;
  int sipp_control_port = 0;  // inbound callers' sipp; 0 = no inbound steering
  int day_seconds = 120;      // one compressed day
};

struct Period {
  const char* name;
  double share;  // of the day
  double rate;   // inbound calls per second
};
// A call-centre day compressed: morning peak, quiet late morning, lunch peak, quiet afternoon.
const Period kDay[] = {{"morning peak (busy)", 0.25, 0.9},
                       {"late morning (idle)", 0.25, 0.1},
                       {"lunch peak (busy)", 0.2, 0.8},
                       {"afternoon (idle)", 0.3, 0.1}};

json::object get_figures(const Options& o) {
  try {
    blendd::ctl::ApiClient client("http://127.0.0.1:" + std::to_string(o.http_port),
                                  o.viewer_token);
    auto answer = client.request("GET", "/api/v1/figures");
    return answer.status == 200 && answer.body.is_object() ? answer.body.as_object()
                                                           : json::object{};
  } catch (const std::exception&) {
    return {};
  }
}

void set_inbound_rate(int port, double rate) {
  if (port == 0) return;
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  char command_text[64];
  std::snprintf(command_text, sizeof command_text, "cset rate %.2f", rate);
  const std::string command = command_text;
  ::sendto(fd, command.data(), command.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ::close(fd);
}

double num(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

void print_summary(const json::object& f, const char* period, int t) {
  if (f.empty()) {
    std::printf("[%4ds] blendd not answering /api/v1/figures\n", t);
    return;
  }
  std::map<std::string, int> states;
  for (const auto& a : f.at("agents").as_array()) ++states[std::string(a.at("state").as_string())];
  for (const auto& gv : f.at("groups").as_array()) {
    const auto& g = gv.as_object();
    std::printf(
        "[%4ds %-20s] %s: idle level %.2f (start %.2f / stop %.2f) dialling %-3s | inbound "
        "waiting %d, answered %d, SL %.0f%% |",
        t, period, std::string(g.at("id").as_string()).c_str(), num(g, "smoothed_idle_level"),
        num(g, "start_threshold"), num(g, "stop_threshold"),
        g.at("dialling").as_bool() ? "ON" : "off", static_cast<int>(num(g, "inbound_waiting")),
        static_cast<int>(num(g, "inbound_answered")), 100 * num(g, "service_level"));
  }
  for (const auto& cv : f.at("campaigns").as_array()) {
    const auto& c = cv.as_object();
    std::printf(" %s: dials %d answers %d abandons %d (%.1f%%) |",
                std::string(c.at("id").as_string()).c_str(), static_cast<int>(num(c, "dials")),
                static_cast<int>(num(c, "live_answers")), static_cast<int>(num(c, "abandons")),
                100 * num(c, "abandon_rate_24h"));
  }
  std::printf(" agents:");
  for (const auto& [state, n] : states) std::printf(" %s %d", state.c_str(), n);
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--http-port") {
      o.http_port = std::stoi(value);
    } else if (key == "--viewer-token") {
      o.viewer_token = value;
    } else if (key == "--agent") {
      const auto colon = value.find(':');
      o.agents.emplace_back(value.substr(0, colon), value.substr(colon + 1));
    } else if (key == "--sipp-control-port") {
      o.sipp_control_port = std::stoi(value);
    } else if (key == "--day-seconds") {
      o.day_seconds = std::stoi(value);
    } else {
      std::fprintf(stderr, "blendd-demo: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  std::vector<std::unique_ptr<blendd::desk::AgentBot>> bots;
  std::uint64_t seed = 1;
  for (const auto& [agent, token] : o.agents) {
    blendd::desk::AgentBotOptions bo;
    bo.port = o.http_port;
    bo.agent = agent;
    bo.token = token;
    bo.wrap_up = 1500ms;
    bo.seed = seed++;
    bots.push_back(std::make_unique<blendd::desk::AgentBot>(bo));
  }
  const auto start = std::chrono::steady_clock::now();
  int last_period = -1;
  while (!stop) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double into_day = std::fmod(elapsed, o.day_seconds) / o.day_seconds;
    int p = 0;
    for (double edge = kDay[0].share; p < 3 && into_day >= edge; edge += kDay[++p].share) {
    }
    if (p != last_period) {
      set_inbound_rate(o.sipp_control_port, kDay[p].rate);
      last_period = p;
    }
    print_summary(get_figures(o), kDay[p].name, static_cast<int>(elapsed));
    for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(100ms);
  }
  int calls = 0;
  for (const auto& b : bots) calls += b->calls();
  std::printf("demo agents handled %d calls\n", calls);
  return 0;
}
