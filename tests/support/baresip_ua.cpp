#include "tests/support/baresip_ua.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/audio_samples.hpp"

namespace blendd::test {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

BaresipUa::BaresipUa(const BaresipOptions& o, const std::string& dir) : options_(o), dir_(dir) {
  {
    std::ofstream config(dir_ + "/config");  // closed (written) before baresip reads it
    config << "poll_method epoll\n"
           << "sip_listen " << o.address << ":" << o.sip_port << "\n"
           << "net_interface lo\n"
           << "dns_server 127.0.0.1:9\n"  // nothing answers there: no lookup leaves the machine
           << "rtp_ports " << o.rtp_port << "-" << o.rtp_port + 9 << "\n"
           << "audio_source ausine," << o.tone_hz << "\n"
           << "audio_player aubridge,nowhere\n"
           << "audio_alert aubridge,nowhere\n"
           // ausine makes 48 kHz stereo; baresip resamples to G.711's 8 kHz mono.
           << "ausrc_srate 48000\nauplay_srate 48000\nausrc_channels 2\nauplay_channels 2\n"
           << "module_path /usr/lib/baresip/modules\n"
           << "module g711.so\nmodule ausine.so\nmodule aubridge.so\nmodule sndfile.so\n"
           << "module_app account.so\nmodule_app menu.so\nmodule_app ctrl_tcp.so\n"
           << "ctrl_tcp_listen 127.0.0.1:" << o.ctrl_port << "\n"
           << "snd_path " << dir_ << "\n";
    if (!o.ca_file.empty()) config << "sip_cafile " << o.ca_file << "\n";
    std::ofstream(dir_ + "/accounts") << o.account << "\n";
  }
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"timeout", "--signal=KILL", std::to_string(o.time_limit_s),
                               "baresip", "-f", dir_, "-n", o.address},
      dir_ + "/baresip.log");
  eventually([&] { return connect_control(); }, std::chrono::seconds(5));
}

BaresipUa::~BaresipUa() {
  kill();  // `timeout` would leave baresip running to the limit
}

bool BaresipUa::connect_control() {
  if (control_ >= 0) return true;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(options_.ctrl_port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return false;
  }
  control_ = fd;
  return true;
}

// Netstrings ("<length>:<json>,") into events and responses.
void BaresipUa::read_available(std::chrono::milliseconds wait) {
  if (control_ < 0) return;
  pollfd p{control_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return;
  char chunk[8192];
  const ssize_t n = read(control_, chunk, sizeof chunk);
  if (n <= 0) return;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  for (;;) {
    const auto colon = buffer_.find(':');
    if (colon == std::string::npos) return;
    const std::size_t length = std::stoul(buffer_.substr(0, colon));
    if (buffer_.size() < colon + 1 + length + 1) return;
    std::string message = buffer_.substr(colon + 1, length);
    buffer_.erase(0, colon + 1 + length + 1);
    (message.find("\"event\":true") != std::string::npos ? events_ : responses_)
        .push_back(std::move(message));
  }
}

bool BaresipUa::command(const std::string& name, const std::string& params) {
  if (!connect_control()) return false;
  const std::string token = "t" + std::to_string(responses_.size() + events_.size());
  std::string json = "{\"command\":" + quoted(name) + ",\"token\":" + quoted(token);
  if (!params.empty()) json += ",\"params\":" + quoted(params);
  json += "}";
  const std::string frame = std::to_string(json.size()) + ":" + json + ",";
  if (write(control_, frame.data(), frame.size()) != static_cast<ssize_t>(frame.size()))
    return false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    read_available(std::chrono::milliseconds(50));
    for (const auto& r : responses_) {
      if (r.find("\"token\":\"" + token + "\"") != std::string::npos)
        return r.find("\"ok\":true") != std::string::npos;
    }
  }
  return false;
}

std::optional<std::string> BaresipUa::wait_event(const std::string& type,
                                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string needle = "\"type\":\"" + type + "\"";
  do {
    for (const auto& e : events_)
      if (e.find(needle) != std::string::npos) return e;
    connect_control();
    read_available(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

int BaresipUa::events_of(const std::string& type) {
  read_available(std::chrono::milliseconds(0));
  const std::string needle = "\"type\":\"" + type + "\"";
  return static_cast<int>(std::count_if(events_.begin(), events_.end(), [&](const std::string& e) {
    return e.find(needle) != std::string::npos;
  }));
}

double BaresipUa::heard_tone(const std::vector<double>& candidates) const {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("dump-", 0) == 0 && name.find("-dec.wav") != std::string::npos)
      files.push_back(entry.path().string());
  }
  if (files.empty()) return 0;
  std::sort(files.begin(), files.end());
  const std::string bytes = read_file(files.back());
  if (bytes.size() <= 44) return 0;
  std::vector<std::int16_t> samples((bytes.size() - 44) / 2);
  std::memcpy(samples.data(), bytes.data() + 44, samples.size() * 2);
  if (samples.size() < 8000 * 2) return 0;  // less than two seconds heard
  const std::size_t mid = samples.size() / 2;
  if (mean_level(samples, mid - 4000, mid + 4000) < 100) return 0;
  return strongest_of(samples, candidates, mid - 4000, mid + 4000);
}

void BaresipUa::kill() {
  if (control_ >= 0) close(control_);
  control_ = -1;
  for (pid_t pid : find_processes("baresip -f " + dir_ + " ")) ::kill(pid, SIGKILL);
  if (process_) {
    process_->wait(std::chrono::seconds(5));
    process_.reset();
  }
}

std::string BaresipUa::log() const {
  return read_file(dir_ + "/baresip.log");
}

}  // namespace blendd::test
