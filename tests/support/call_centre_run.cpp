#include "tests/support/call_centre_run.hpp"

#include "sip/digest_auth.hpp"

#include <signal.h>

#include <boost/json.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "daemon/centre/token_hash.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/sip_peers.hpp"

namespace blendd::test {

using daemon::sha256_hex;
constexpr int kForever = 1000000;  // calls: the peers run until the test ends

std::string CallCentreRun::agent_id(int i) const {
  char id[16];
  std::snprintf(id, sizeof id, "a%02d", i + 1);
  return id;
}

std::int64_t CallCentreRun::campaign_figure(const boost::json::object& figures, const char* key) {
  const auto* campaigns = figures.if_contains("campaigns");
  if (campaigns == nullptr || !campaigns->is_array() || campaigns->as_array().empty()) return 0;
  const auto* v = campaigns->as_array().at(0).as_object().if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

std::int64_t CallCentreRun::dial_outcomes(const boost::json::object& figures) {
  std::int64_t n = 0;
  for (const char* key : {"connected", "abandons", "busy", "no_answer", "rejected", "failed"})
    n += campaign_figure(figures, key);
  return n;
}

std::string CallCentreRun::agent_token(int i) const {
  return "token-of-" + agent_id(i);
}

// BLENDD_LOG_LEVEL=debug overrides the spec's level: every leg event in a failing test's log.
std::string CallCentreRun::log_level() const {
  const char* level = std::getenv("BLENDD_LOG_LEVEL");
  return level != nullptr && *level != 0 ? std::string(level) : spec_.log_level;
}

std::string CallCentreRun::redis_section() const {
  if (spec_.redis_url.empty() && spec_.redis_extra.empty()) return {};
  std::string out = "redis:\n";
  if (!spec_.redis_url.empty()) out += "  url: '" + spec_.redis_url + "'\n";
  for (const auto& line : spec_.redis_extra) out += "  " + line + "\n";
  return out;
}

std::string CallCentreRun::media_section() const {
  if (spec_.media_lines.empty()) return {};
  std::string out = "media:\n";
  for (const auto& line : spec_.media_lines) out += "  " + line + "\n";
  return out;
}

std::string CallCentreRun::integrations_section() const {
  if (spec_.integrations_lines.empty()) return {};
  std::string out = "integrations:\n";
  for (const auto& line : spec_.integrations_lines) out += "  " + line + "\n";
  return out;
}

std::string CallCentreRun::node_section() const {
  if (spec_.node_name.empty() && spec_.node_peers.empty()) return {};
  std::string out = "node:\n";
  if (!spec_.node_name.empty()) out += "  name: " + spec_.node_name + "\n";
  if (!spec_.node_peers.empty()) {
    out += "  peers:\n";
    for (const auto& p : spec_.node_peers) out += "    - '" + p + "'\n";
  }
  return out;
}

std::string CallCentreRun::config_text() const {
  std::ostringstream y;
  y << "state_dir: " << dir_.file("state") << "\n"
    << redis_section() << node_section() << media_section() << integrations_section()
    << "logging: { level: " << log_level() << " }\n"
    << "sip:\n  listen: ['sip:127.0.0.1:" << sip_port() << "'"
    << (spec_.sip_tls_port > 0
            ? ", 'sip:127.0.0.1:" + std::to_string(spec_.sip_tls_port) + ";transport=tls'"
            : std::string())
    << "]\n"
    << (spec_.sip_tls_port > 0 ? "  tls: { certificate: " + spec_.sip_tls_certificate +
                                     ", private_key: " + spec_.sip_tls_key + " }\n"
                               : std::string())
    << "  trunk:\n    uri: 'sip:127.0.0.1:" << base_ + 2
    << (spec_.trunk_tcp ? ";transport=tcp" : "") << "'\n    allowed_sources: [127.0.0.1]\n"
    << (spec_.breaker_failures > 0
            ? "    circuit_breaker: { failures_to_open: " + std::to_string(spec_.breaker_failures) +
                  ", first_backoff_s: " + std::to_string(spec_.breaker_first_backoff_s) +
                  ", max_backoff_s: " + std::to_string(spec_.breaker_max_backoff_s) + " }\n"
            : std::string())
    << "  caller_id: 'sip:+4930555000@127.0.0.1'\n"
    << "  debug_drop_permille: " << spec_.sip_drop_permille << "\n"
    << "  keepalive_s: " << spec_.sip_keepalive_s << "\n"
    << "http:\n  listen: 127.0.0.1:" << base_ << "\n"
    << "  idle_timeout_s: " << spec_.http_idle_timeout_s << "\n"
    << "  tokens:\n"
    << "    - { name: test-viewer, role: viewer, sha256: " << sha256_hex(kViewer) << " }\n"
    << (revoked_ ? std::string()
                 : "    - { name: test-supervisor, role: supervisor, sha256: " +
                       sha256_hex(kSupervisor) + " }\n")
    << "    - { name: test-admin, role: admin, sha256: " << sha256_hex(kAdmin) << " }\n"
    << "    - { name: test-qa, role: qa, sha256: " << sha256_hex(kQa) << " }\n"
    << "    - { name: test-intake, role: intake, sha256: " << sha256_hex(kIntake) << " }\n"
    << "    - { name: test-crm, role: integration, sha256: " << sha256_hex(kIntegration) << " }\n"
    << "    - { name: test-expired, role: admin, expires: '2020-01-01T00:00:00Z', sha256: "
    << sha256_hex(kExpired) << " }\n"
    << "groups:\n  - id: sales\n"
    << "    idle: { start_threshold: " << spec_.start_threshold
    << ", stop_threshold: " << spec_.stop_threshold << ", reserve_agents: " << spec_.reserve_agents
    << ", smoothing_s: " << spec_.smoothing_s << ", min_dwell_s: " << spec_.min_dwell_s << " }\n"
    << "    wrap_up_s: " << spec_.wrap_up_s << "\n"
    << "    offer_timeout_s: " << spec_.offer_timeout_s << "\n"
    << "    inbound_numbers: ['" << spec_.inbound_number << "']\n";
  for (const auto& line : spec_.group_extra) y << "    " << line << "\n";
  y << "    agents:\n";
  for (int i = 0; i < spec_.agents; ++i) {
    y << "      - { id: " << agent_id(i);
    if (i < spec_.webrtc_agents) {
      y << ", phone: webrtc";
    } else if (i < spec_.webrtc_agents + spec_.registered_agents) {
      y << ", sip_uri: registered, sip_auth: { ha1: "
        << sip::digest_ha1(agent_id(i), "blendd", phone_password(i)) << " }";
    } else {
      y << ", sip_uri: 'sip:" << agent_id(i)
        << "@127.0.0.1:" << base_ + (i < spec_.silent_phones ? 5 : 3) << "'";
    }
    y << (revoked_ && i == 0 ? std::string() : ", token_sha256: " + sha256_hex(agent_token(i)))
      << " }\n";
  }
  y << "campaigns:\n  - id: spring\n    group: sales\n    pacing: " << spec_.pacing << "\n"
    << "    abandon_after_s: " << spec_.abandon_after_s << "\n"
    << "    ring_timeout_s: 15\n"
    << "    calling_window: { start: '00:00', end: '24:00', days: [mon, tue, wed, thu, fri, sat, "
       "sun] }\n"
    << "    default_zone: UTC\n"
    << "    targets_csv: " << dir_.file("targets.csv") << "\n"
    << "    product: fibre\n    questionnaire: survey\n";
  for (const auto& line : spec_.campaign_extra) y << "    " << line << "\n";
  y << "catalogue:\n"
    << "  products:\n"
    << "    - { id: fibre, name: Fibre 500, points: 3, selling_points: [fast], script: 'Hello',"
       " knowledge: ['No contract: cancel monthly'] }\n"
    << "    - { id: mobile, name: Mobile XL, points: 5, selling_points: [5G], script: 'Hi' }\n"
    << "  questionnaires:\n"
    << "    - id: survey\n      questions:\n"
    << "        - { id: interested, text: 'Interested?', type: yes_no, required: true }\n"
    << "        - id: lines\n          text: 'How many lines?'\n          type: number\n"
    << "          min: 1\n          max: 10\n"
    << "          show_if: { question: interested, answer: 'yes' }\n";
  for (const auto& line : spec_.catalogue_extra) y << "  " << line << "\n";
  return y.str();
}

CallCentreRun::CallCentreRun(const CentreSpec& spec, int base_port)
    : spec_(spec), base_(base_port) {
  std::ostringstream csv;
  csv << "number,name\n";
  for (int i = 0; i < spec_.targets; ++i) csv << target_number(i) << ",Customer " << i << "\n";
  dir_.write("targets.csv", csv.str());
  dir_.write("blendd.yaml", config_text());
  if (!spec_.own_peers) {
    start_trunk(spec_.trunk_status);
    phones_ = std::make_unique<ChildProcess>(
        sipp_uas(spec_.phone_scenario, base_ + 3, kForever, spec_.phone_extra, 0),
        dir_.file("phones.log"));
  }
  if (spec_.silent_phones > 0) {
    silent_phones_ =
        std::make_unique<ChildProcess>(sipp_uas("uas_ring_forever.xml", base_ + 5, kForever, {}, 0),
                                       dir_.file("silent-phones.log"));
  }
  blendd_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{BLENDD_BINARY, "--config", dir_.file("blendd.yaml")},
      dir_.file("blendd.log"));
  eventually([&] { return !blendd_->running() || http_get(base_, "/healthz").status == 200; },
             std::chrono::seconds(15));
  up_ = blendd_->running() && http_get(base_, "/healthz").status == 200;
}

CallCentreRun::~CallCentreRun() {
  if (blendd_) {
    blendd_->signal(SIGTERM);
    blendd_->wait(std::chrono::seconds(10));
  }
}

std::vector<std::unique_ptr<desk::AgentBot>> CallCentreRun::start_agents(
    int n, std::chrono::milliseconds wrap_up, double success_share) const {
  std::vector<std::unique_ptr<desk::AgentBot>> bots;
  for (int i = 0; i < n; ++i) {
    desk::AgentBotOptions o;
    o.port = base_;
    o.agent = agent_id(i);
    o.token = agent_token(i);
    o.wrap_up = wrap_up;
    o.success_share = success_share;
    o.seed = static_cast<std::uint64_t>(i + 1);
    bots.push_back(std::make_unique<desk::AgentBot>(o));
  }
  return bots;
}

void CallCentreRun::start_callers(int rate, int limit, int talk_ms) {
  callers_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"sipp", "127.0.0.1:" + std::to_string(sip_port()), "-sf",
                               std::string(BLENDD_SOURCE_DIR "/tests/sip/uac_inbound.xml"), "-i",
                               "127.0.0.1", "-p", std::to_string(base_ + 4), "-s",
                               spec_.inbound_number, "-r", std::to_string(rate), "-l",
                               std::to_string(limit), "-d", std::to_string(talk_ms), "-nostdin"},
      dir_.file("callers.log"));
}

// SIGUSR1: sipp places no new calls and exits once its calls have ended (a SIGKILL would leave
// agents talking to callers who are gone).
void CallCentreRun::stop_callers() {
  if (!callers_) return;
  callers_->signal(SIGUSR1);
  callers_->wait(std::chrono::seconds(15));
  callers_.reset();
}

std::string CallCentreRun::log() const {
  return blendd_ ? blendd_->log() : std::string();
}

CallCentreRun::ApiResult CallCentreRun::api(const std::string& method, const std::string& path,
                                            const std::string& token,
                                            const std::string& body) const {
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "PUT" || method == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  HttpResult r = http_exchange(base_, request);
  return {r.status, r.body};
}

std::pair<int, std::string> CallCentreRun::blendctl(const std::string& binary,
                                                    const std::string& token,
                                                    std::vector<std::string> args) {
  static int n = 0;
  dir_.write("ctl-token", token);
  std::vector<std::string> argv{binary, "--url", url(), "--token-file", dir_.file("ctl-token")};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv, dir_.file("ctl" + std::to_string(++n) + ".log"));
  const int code = p.wait(std::chrono::seconds(20)).value_or(-1);
  return {code, p.log()};
}

boost::json::object CallCentreRun::figures() const {
  ApiResult r = api("GET", "/api/v1/figures", kViewer);
  boost::json::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  if (r.status != 200 || ec || !v.is_object()) return {};
  return v.as_object();
}

const boost::json::object* CallCentreRun::group(const boost::json::object& figures,
                                                const std::string& id) const {
  auto groups = figures.if_contains("groups");
  if (groups == nullptr || !groups->is_array()) return nullptr;
  for (const auto& g : groups->as_array()) {
    if (g.is_object() && g.as_object().at("id").as_string() == id) return &g.as_object();
  }
  return nullptr;
}

bool CallCentreRun::kill_and_restart() {
  return restart(SIGKILL);
}

bool CallCentreRun::restart(int signal) {
  blendd_->signal(signal);
  stop_code_ = blendd_->wait(std::chrono::seconds(15)).value_or(-1);
  // The embedded redis-server dies with it (PR_SET_PDEATHSIG); wait until it is gone.
  eventually([&] { return find_processes(dir_.file("state/redis")).empty(); },
             std::chrono::seconds(10));
  blendd_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{BLENDD_BINARY, "--config", dir_.file("blendd.yaml")},
      dir_.file("blendd-restarted.log"));
  eventually([&] { return !blendd_->running() || http_get(base_, "/healthz").status == 200; },
             std::chrono::seconds(15));
  return blendd_->running() && http_get(base_, "/healthz").status == 200;
}

void CallCentreRun::reload_thresholds(double start, double stop) {
  spec_.start_threshold = start;
  spec_.stop_threshold = stop;
  dir_.write("blendd.yaml", config_text());
  blendd_->signal(SIGHUP);
}

void CallCentreRun::start_trunk(int status) {
  if (status < 0) return;  // no trunk at all: nothing listens on its port
  ++trunk_generation_;
  std::vector<std::string> trace = {
      "-trace_msg", "-message_file",
      dir_.file("trunk" + std::to_string(trunk_generation_) + ".msg")};
  if (spec_.trunk_tcp) trace.insert(trace.end(), {"-t", "t1"});
  std::vector<std::string> argv;
  if (status > 0) {
    argv = sipp_uas(reject_scenario(dir_.path(), status, "Trunk Status"), base_ + 2, kForever,
                    trace, 0);
  } else if (spec_.ring_ms > 0) {
    auto extra = trace;
    extra.insert(extra.end(), {"-d", std::to_string(spec_.ring_ms)});
    argv = sipp_uas("uas_customer_rings.xml", base_ + 2, kForever, extra, 0);
  } else {
    auto extra = trace;
    extra.insert(extra.end(), {"-d", std::to_string(spec_.talk_ms)});
    extra.insert(extra.end(), spec_.trunk_extra.begin(), spec_.trunk_extra.end());
    argv = sipp_uas(
        spec_.customer_scenario.empty() ? "uas_customer_talks.xml" : spec_.customer_scenario,
        base_ + 2, kForever, extra, 0);
  }
  customers_ = std::make_unique<ChildProcess>(argv, dir_.file("customers.log"));
}

void CallCentreRun::kill_trunk() {
  if (!customers_) return;
  customers_->signal(SIGKILL);
  customers_->wait(std::chrono::seconds(10));
  customers_.reset();
}

void CallCentreRun::replace_trunk(int status) {
  customers_.reset();  // ChildProcess ends sipp
  start_trunk(status);
}

std::int64_t CallCentreRun::figure(const char* key) const {
  const auto f = figures();
  const auto* v = f.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : -1;
}

void CallCentreRun::stop_trunk() {
  if (!customers_) return;
  customers_->signal(SIGTERM);
  customers_->wait(std::chrono::seconds(10));
  customers_.reset();
}

std::map<std::string, std::set<std::string>> CallCentreRun::trunk_dials() const {
  std::map<std::string, std::set<std::string>> dials;
  for (int g = 1; g <= trunk_generation_; ++g) {
    std::ifstream in(dir_.file("trunk" + std::to_string(g) + ".msg"));
    std::string line, number;
    while (std::getline(in, line)) {
      if (line.rfind("INVITE sip:", 0) == 0) {
        const auto at = line.find('@');
        number = at == std::string::npos ? std::string() : line.substr(11, at - 11);
      } else if (!number.empty() && (line.rfind("Call-ID:", 0) == 0 || line.rfind("i:", 0) == 0)) {
        std::string id = line.substr(line.find(':') + 1);
        while (!id.empty() && (id.front() == ' ')) id.erase(0, 1);
        while (!id.empty() && (id.back() == '\r' || id.back() == ' ')) id.pop_back();
        dials[number].insert(id);
        number.clear();
      }
    }
  }
  return dials;
}

std::map<std::string, std::chrono::system_clock::time_point> CallCentreRun::trunk_invite_times()
    const {
  std::map<std::string, std::chrono::system_clock::time_point> first;
  for (int g = 1; g <= trunk_generation_; ++g) {
    std::ifstream in(dir_.file("trunk" + std::to_string(g) + ".msg"));
    std::string line;
    std::chrono::system_clock::time_point stamp{};
    bool received = false, invite = false;
    while (std::getline(in, line)) {
      // "----------------------------------------------- 2026-12-01 19:29:12.953590": sipp's
      // local time, then "UDP message received", then the message.
      if (line.rfind("-----", 0) == 0) {
        std::tm tm{};
        int micro = 0;
        const auto at = line.find_first_not_of("- ");
        if (at != std::string::npos &&
            std::sscanf(line.c_str() + at, "%d-%d-%d %d:%d:%d.%d", &tm.tm_year, &tm.tm_mon,
                        &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &micro) == 7) {
          tm.tm_year -= 1900;
          tm.tm_mon -= 1;
          tm.tm_isdst = -1;
          stamp = std::chrono::system_clock::from_time_t(std::mktime(&tm)) +
                  std::chrono::microseconds(micro);
        }
        received = invite = false;
      } else if (line.find("message received") != std::string::npos) {
        received = true;
      } else if (received && line.rfind("INVITE sip:", 0) == 0) {
        invite = true;
      } else if (invite && (line.rfind("Call-ID:", 0) == 0 || line.rfind("i:", 0) == 0)) {
        std::string id = line.substr(line.find(':') + 1);
        while (!id.empty() && id.front() == ' ') id.erase(0, 1);
        while (!id.empty() && (id.back() == '\r' || id.back() == ' ')) id.pop_back();
        first.emplace(id, stamp);  // a retransmission keeps the first time
        invite = false;
      }
    }
  }
  return first;
}

std::string CallCentreRun::role() const {
  auto r = http_get(base_, "/healthz");
  if (r.status == 0) return "(none)";
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  const auto* node = ec || !v.is_object() ? nullptr : v.as_object().if_contains("node");
  const auto* role =
      node != nullptr && node->is_object() ? node->as_object().if_contains("role") : nullptr;
  return role != nullptr && role->is_string() ? std::string(role->as_string()) : "(bad)";
}

std::pair<CentreSpec, CentreSpec> node_pair(const CentreSpec& base, const std::string& redis_url,
                                            int port_a, int port_b) {
  auto a = base;
  a.redis_url = redis_url;
  a.node_name = "node-a";
  a.node_peers = {"http://127.0.0.1:" + std::to_string(port_b)};
  auto b = a;
  b.node_name = "node-b";
  b.node_peers = {"http://127.0.0.1:" + std::to_string(port_a)};
  b.targets = 0;  // the list is the active's
  return {a, b};
}

int dialled_twice(const CallCentreRun& a, const CallCentreRun& b) {
  auto dials = a.trunk_dials();
  for (const auto& [number, ids] : b.trunk_dials()) dials[number].insert(ids.begin(), ids.end());
  int twice = 0;
  for (const auto& [number, ids] : dials)
    if (ids.size() > 1) ++twice;
  return twice;
}

void CallCentreRun::revoke_tokens() {
  revoked_ = true;
  dir_.write("blendd.yaml", config_text());
  blendd_->signal(SIGHUP);
}

std::string CallCentreRun::redis(const std::vector<std::string>& args) const {
  const std::string socket = spec_.redis_url.rfind("unix://", 0) == 0
                                 ? spec_.redis_url.substr(7)
                                 : dir_.file("state/redis/redis.sock");
  std::string command = "redis-cli -s " + socket;
  for (const auto& a : args) command += " '" + a + "'";
  return command_output(command);
}

std::unique_ptr<desk::DeskClient> CallCentreRun::logged_in_desk(int i) const {
  auto d = std::make_unique<desk::DeskClient>("127.0.0.1", http_port());
  d->login(agent_id(i), agent_token(i));
  if (!d->wait_for("welcome", std::chrono::seconds(5))) return nullptr;
  return d;
}

}  // namespace blendd::test
