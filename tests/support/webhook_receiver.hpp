#pragma once
// A CRM's webhook endpoint for tests, on 127.0.0.1: HTTP/1.1 (or HTTPS with a test certificate)
// with keep-alive, on its own thread and plain POSIX sockets and OpenSSL — independent of
// blendd's Beast client. It answers every request with the status set (after the delay set),
// records each, and checks signatures with its own HMAC.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace blendd::test {

struct ReceivedHook {
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  int answered = 0;  // the status it was given
  std::chrono::system_clock::time_point at;
  std::string header(const std::string& name) const;
};

class WebhookReceiver {
 public:
  // certificate/key: PEM files; empty = plain HTTP.
  explicit WebhookReceiver(int port, std::string certificate = {}, std::string key = {});
  ~WebhookReceiver();
  void start();  // listening (the constructor starts it)
  void stop();   // nothing listens: connections are refused, open ones closed
  void answer_with(int status, std::chrono::milliseconds delay = {}) {
    status_ = status;
    delay_ms_ = static_cast<int>(delay.count());
  }
  // The next requests get these statuses, in turn (then answer_with's again).
  void answer_next(std::vector<int> statuses) {
    std::lock_guard lock(mutex_);
    next_.insert(next_.end(), statuses.begin(), statuses.end());
  }
  std::vector<ReceivedHook> requests() const;   // every request, in arrival order
  std::vector<ReceivedHook> delivered() const;  // those answered 2xx
  std::size_t delivered_count() const;

  // Blendd-Signature is v1=HMAC-SHA256(secret, "<Blendd-Timestamp>.<body>") and the timestamp
  // is within `window_s` of now.
  static bool signature_ok(const ReceivedHook& h, const std::string& secret, int window_s = 300);

 private:
  void serve();
  void handle(int fd);
  int port_;
  std::string certificate_;
  std::string key_;
  void* tls_ = nullptr;  // SSL_CTX*
  std::atomic<int> status_{200};
  std::atomic<int> delay_ms_{0};
  std::atomic<bool> running_{false};
  int listener_ = -1;
  std::thread thread_;
  std::vector<std::thread> connections_;
  std::mutex connections_mutex_;
  std::vector<int> open_fds_;
  mutable std::mutex mutex_;
  std::vector<ReceivedHook> requests_;
  std::vector<int> next_;
};

}  // namespace blendd::test
