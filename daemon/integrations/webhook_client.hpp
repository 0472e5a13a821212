#pragma once
// One webhook's HTTP(S) client: POSTs to the one host of its URL over a kept-alive connection,
// one request at a time, each bounded by a deadline (resolve, connect, TLS, request and answer).
// TLS checks the receiver's certificate against the system's CA store (plus an optional private
// CA) and its name or address; redirects are answers like any other, never followed.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/http_url.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::daemon {

struct PostResult {
  int status = 0;     // the HTTP status; 0 when no answer came
  std::string error;  // why not, or "HTTP 500 …" with the start of the answer's body
};

class WebhookClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;
  WebhookClient(boost::asio::io_context& io, config::HttpUrl url, std::string ca_file);
  ~WebhookClient();  // closes the connection; a POST on its way is never answered
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  // `done` is called exactly once, on the io_context's thread (never from inside post()).
  void post(std::string body, Headers headers, std::chrono::milliseconds timeout,
            std::function<void(PostResult)> done);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace blendd::daemon
