#include "tests/support/sip_peers.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "tests/support/child_process.hpp"

namespace blendd::test {

void LegEvents::add(sip::LegEvent e) {
  std::lock_guard<std::mutex> lock(mutex_);
  all_.push_back(std::move(e));
}

std::optional<sip::LegEvent> LegEvents::find(sip::CallId call, sip::Leg leg,
                                             sip::LegEventKind kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : all_) {
    if (e.call == call && e.leg == leg && e.kind == kind) return e;
  }
  return std::nullopt;
}

std::optional<sip::LegEvent> LegEvents::first(sip::LegEventKind kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : all_) {
    if (e.kind == kind) return e;
  }
  return std::nullopt;
}

std::optional<sip::LegEvent> LegEvents::wait(sip::CallId call, sip::Leg leg, sip::LegEventKind kind,
                                             std::chrono::milliseconds timeout) {
  std::optional<sip::LegEvent> found;
  eventually([&] { return (found = find(call, leg, kind)).has_value(); }, timeout);
  return found;
}

std::optional<sip::LegEvent> LegEvents::wait_nth(sip::CallId call, sip::Leg leg,
                                                 sip::LegEventKind kind, int n,
                                                 std::chrono::milliseconds timeout) {
  std::optional<sip::LegEvent> found;
  eventually(
      [&] {
        std::lock_guard<std::mutex> lock(mutex_);
        int seen = 0;
        for (const auto& e : all_) {
          if (e.call == call && e.leg == leg && e.kind == kind && ++seen == n) {
            found = e;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::optional<sip::LegEvent> LegEvents::wait_first(sip::LegEventKind kind,
                                                   std::chrono::milliseconds timeout) {
  std::optional<sip::LegEvent> found;
  eventually([&] { return (found = first(kind)).has_value(); }, timeout);
  return found;
}

int LegEvents::count(sip::LegEventKind kind) {
  std::lock_guard<std::mutex> lock(mutex_);
  int n = 0;
  for (const auto& e : all_) n += e.kind == kind ? 1 : 0;
  return n;
}

std::string LegEvents::dump() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  for (const auto& e : all_) {
    out << "call " << e.call << (e.leg == sip::Leg::customer ? " customer " : " agent ")
        << sip::to_string(e.kind) << " " << e.status << " " << e.reason << "\n";
  }
  return out.str();
}

std::vector<std::string> sipp_uas(const std::string& scenario, int port, int calls,
                                  std::vector<std::string> extra, int timeout_s) {
  std::vector<std::string> args{"sipp"};
  if (scenario == "uas") {
    args.insert(args.end(), {"-sn", "uas"});
  } else {
    const std::string path = scenario.front() == '/'
                                 ? scenario
                                 : std::string(BLENDD_SOURCE_DIR "/tests/sip/") + scenario;
    args.insert(args.end(), {"-sf", path});
  }
  // -aa: like a real phone, answer in-dialog OPTIONS (blendd's keepalives) with 200.
  args.insert(args.end(), {"-i", "127.0.0.1", "-p", std::to_string(port), "-m",
                           std::to_string(calls), "-nostdin", "-aa"});
  if (timeout_s > 0) args.insert(args.end(), {"-timeout", std::to_string(timeout_s) + "s"});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> sipp_uac(const std::string& scenario, int local_port, int target_port,
                                  const std::string& service, int calls,
                                  const std::string& local_ip, int talk_ms) {
  return {"sipp",     "127.0.0.1:" + std::to_string(target_port),
          "-sf",      std::string(BLENDD_SOURCE_DIR "/tests/sip/") + scenario,
          "-i",       local_ip,
          "-p",       std::to_string(local_port),
          "-s",       service,
          "-m",       std::to_string(calls),
          "-d",       std::to_string(talk_ms),
          "-nostdin", "-aa",
          "-timeout", "30s"};
}

std::string reject_scenario(const std::string& dir, int code, const std::string& phrase) {
  std::ifstream in(BLENDD_SOURCE_DIR "/tests/sip/uas_reject.xml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string marker = "STATUS_LINE";
  // The comment names the marker too: replace only the status line's (the last) occurrence.
  text.replace(text.rfind(marker), marker.size(), std::to_string(code) + " " + phrase);
  const std::string path = dir + "/reject_" + std::to_string(code) + ".xml";
  std::ofstream(path) << text;
  return path;
}

sip::GatewayOptions gateway_options(int port) {
  sip::GatewayOptions options;
  options.bind_url = "sip:127.0.0.1:" + std::to_string(port);
  options.from_uri = "sip:+4930555000@127.0.0.1";
  return options;
}

std::unique_ptr<sip::SipGateway> started_gateway(const sip::GatewayOptions& options,
                                                 LegEvents& events) {
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let sipp peers bind first
  auto gateway = std::make_unique<sip::SipGateway>(
      options, [&events](sip::LegEvent e) { events.add(std::move(e)); });
  if (!gateway->start().empty()) return nullptr;
  return gateway;
}

bool no_handles_left(sip::SipGateway& gateway) {
  return eventually([&] { return gateway.live_handles() == 0; }, std::chrono::seconds(10));
}

sip::OriginateRequest dial(sip::CallId call, const std::string& uri) {
  sip::OriginateRequest request;
  request.call = call;
  request.uri = uri;
  return request;
}

}  // namespace blendd::test
