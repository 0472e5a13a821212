#pragma once
// blendctl's HTTP client: one request to blendd, the status and the parsed JSON answer.
#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace blendd::ctl {

struct ApiAnswer {
  int status = 0;
  boost::json::value body;  // null when the answer was not JSON
  std::string text;         // the body as it came (CSV reports)
  std::string active_url;   // a standby's 503: where the active node is (X-Blendd-Active)
  std::string followed_to;  // the answer is the active node's, sent there after a standby's 503
};

class ApiClient {
 public:
  // url: http://host:port; token: bearer token (may be empty).
  ApiClient(std::string url, std::string token);
  bool valid() const { return !host_.empty(); }
  // Throws std::runtime_error when blendd cannot be reached. A standby's 503 naming the active
  // node is followed once: the answer is then the active node's (followed_to says so).
  ApiAnswer request(const std::string& method, const std::string& path,
                    const std::string& body = {}) const;

 private:
  ApiAnswer exchange(const std::string& method, const std::string& path,
                     const std::string& body) const;
  std::string host_;
  std::string port_;
  std::string token_;
};

// The error message of an error answer ({"error":{"code","message"}}), or the status.
std::string error_text(const ApiAnswer& answer);

}  // namespace blendd::ctl
