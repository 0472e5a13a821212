// blendctl: the command line over blendd's HTTP API. This first cut asks health and version;
// the supervisor commands arrive with the REST API.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "blendd_version.hpp"

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

const char* kUsage =
    "usage: blendctl [--url http://HOST:PORT] [--json] COMMAND\n"
    "commands:\n"
    "  health    show blendd's health (exit 0 when healthy)\n"
    "  version   show the versions of blendctl and blendd\n"
    "environment: BLENDD_URL (default http://127.0.0.1:8080)\n";

struct Target {
  std::string host;
  std::string port;
};

bool parse_url(const std::string& url, Target& t) {
  if (url.rfind("http://", 0) != 0) return false;
  std::string hp = url.substr(7);
  hp = hp.substr(0, hp.find('/'));
  auto colon = hp.rfind(':');
  if (colon == std::string::npos) return false;
  t.host = hp.substr(0, colon);
  t.port = hp.substr(colon + 1);
  if (!t.host.empty() && t.host.front() == '[') t.host = t.host.substr(1, t.host.size() - 2);
  return !t.host.empty() && !t.port.empty();
}

int get(const Target& t, const std::string& path, std::string& body) {
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(5));
  stream.connect(resolver.resolve(t.host, t.port));
  http::request<http::empty_body> req{http::verb::get, path, 11};
  req.set(http::field::host, t.host);
  if (const char* token = std::getenv("BLENDCTL_TOKEN")) {
    req.set(http::field::authorization, std::string("Bearer ") + token);
  }
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  body = res.body();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return res.result_int();
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = std::getenv("BLENDD_URL") ? std::getenv("BLENDD_URL") : "http://127.0.0.1:8080";
  bool json = false;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--url" && i + 1 < argc) {
      url = argv[++i];
    } else if (a == "--json") {
      json = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      words.push_back(a);
    }
  }
  Target target;
  if (words.size() != 1 || !parse_url(url, target)) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& cmd = words[0];
  if (cmd != "health" && cmd != "version") {
    std::cerr << "blendctl: unknown command '" << cmd << "'\n" << kUsage;
    return 2;
  }
  std::string body;
  int status = 0;
  try {
    status = get(target, cmd == "health" ? "/healthz" : "/version", body);
  } catch (const boost::system::system_error& e) {
    std::cerr << "blendctl: cannot reach blendd at " << url << ": " << e.code().message() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "blendctl: cannot reach blendd at " << url << ": " << e.what() << "\n";
    return 3;
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) {
    std::cerr << "blendctl: blendd answered " << status << " with a body that is not JSON\n";
    return 3;
  }
  if (json) {
    std::cout << boost::json::serialize(v) << "\n";
  } else if (cmd == "version") {
    std::cout << "blendctl " << blendd::kVersion << "\nblendd   "
              << boost::json::value_to<std::string>(v.at("version")) << "\n";
  } else {
    const auto& o = v.as_object();
    const auto& redis = o.at("redis").as_object();
    std::cout << "status      " << boost::json::value_to<std::string>(o.at("status")) << "\n"
              << "version     " << boost::json::value_to<std::string>(o.at("version")) << "\n"
              << "redis       " << (redis.at("connected").as_bool() ? "connected" : "DOWN") << " ("
              << boost::json::value_to<std::string>(redis.at("endpoint")) << ")\n"
              << "config gen  " << o.at("config_generation").as_int64() << "\n";
  }
  return status == 200 ? 0 : 1;
}
