#include "ctl/api_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <stdexcept>

namespace blendd::ctl {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

ApiClient::ApiClient(std::string url, std::string token) : token_(std::move(token)) {
  if (url.rfind("http://", 0) != 0) return;
  std::string hp = url.substr(7);
  hp = hp.substr(0, hp.find('/'));
  const auto colon = hp.rfind(':');
  if (colon == std::string::npos) return;
  std::string host = hp.substr(0, colon);
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  port_ = hp.substr(colon + 1);
  if (!host.empty() && !port_.empty()) host_ = host;
}

ApiAnswer ApiClient::request(const std::string& method, const std::string& path,
                             const std::string& body) const {
  ApiAnswer answer = exchange(method, path, body);
  // A standby names the active node: the write goes there, once (never a chain of redirects).
  if (answer.status == 503 && !answer.active_url.empty()) {
    ApiClient active(answer.active_url, token_);
    if (active.valid() && (active.host_ != host_ || active.port_ != port_)) {
      ApiAnswer there = active.exchange(method, path, body);
      there.followed_to = answer.active_url;
      return there;
    }
  }
  return answer;
}

ApiAnswer ApiClient::exchange(const std::string& method, const std::string& path,
                              const std::string& body) const {
  try {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(resolver.resolve(host_, port_));
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, host_);
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    // Recordings are large (an hour is ~115 MB): no body limit beyond memory.
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    http::read(stream, buffer, parser);
    http::response<http::string_body> res = parser.release();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    ApiAnswer answer;
    answer.status = res.result_int();
    if (auto it = res.find("X-Blendd-Active"); it != res.end())
      answer.active_url = std::string(it->value());
    boost::json::error_code ec;
    answer.body = boost::json::parse(res.body(), ec);
    if (ec) answer.body = nullptr;
    answer.text = res.body();
    return answer;
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(e.code().message());
  }
}

std::string error_text(const ApiAnswer& a) {
  if (a.body.is_object()) {
    if (const auto* e = a.body.as_object().if_contains("error"); e != nullptr && e->is_object()) {
      const auto& o = e->as_object();
      return std::string(o.at("code").as_string()) + ": " +
             std::string(o.at("message").as_string());
    }
  }
  return "HTTP " + std::to_string(a.status);
}

}  // namespace blendd::ctl
