#include "tests/support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace blendd::test {

std::string ReceivedHook::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

WebhookReceiver::WebhookReceiver(int port, std::string certificate, std::string key)
    : port_(port), certificate_(std::move(certificate)), key_(std::move(key)) {
  if (!certificate_.empty()) {
    ::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes to a peer that left with write(2)
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(ctx, certificate_.c_str());
    SSL_CTX_use_PrivateKey_file(ctx, key_.c_str(), SSL_FILETYPE_PEM);
    tls_ = ctx;
  }
  start();
}

WebhookReceiver::~WebhookReceiver() {
  stop();
  if (tls_ != nullptr) SSL_CTX_free(static_cast<SSL_CTX*>(tls_));
}

void WebhookReceiver::start() {
  if (running_) return;
  // CLOEXEC: blendd and sipp are forked from the test; a listener they inherited would keep
  // accepting (and never answering) after stop().
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0) {
    ::close(listener_);
    listener_ = -1;
    return;
  }
  running_ = true;
  thread_ = std::thread([this] { serve(); });
}

void WebhookReceiver::stop() {
  if (!running_) return;
  running_ = false;
  if (thread_.joinable()) thread_.join();
  ::close(listener_);
  listener_ = -1;
  {
    std::lock_guard lock(connections_mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : connections_) t.join();
  connections_.clear();
  open_fds_.clear();
}

void WebhookReceiver::serve() {
  while (running_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(connections_mutex_);
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { handle(fd); });
  }
}

void WebhookReceiver::handle(int fd) {
  SSL* ssl = nullptr;
  if (tls_ != nullptr) {
    ssl = SSL_new(static_cast<SSL_CTX*>(tls_));
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      std::lock_guard lock(connections_mutex_);
      open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
      ::close(fd);
      return;
    }
  }
  auto read_some = [&](char* buf, int n) -> int {
    pollfd p{fd, POLLIN, 0};
    while (running_ && (ssl == nullptr || SSL_pending(ssl) == 0)) {
      const int r = ::poll(&p, 1, 50);
      if (r > 0) break;
      if (r < 0) return -1;
    }
    if (!running_) return -1;
    return ssl != nullptr ? SSL_read(ssl, buf, n) : static_cast<int>(::recv(fd, buf, n, 0));
  };
  auto write_all = [&](const std::string& s) {
    if (ssl != nullptr) return SSL_write(ssl, s.data(), static_cast<int>(s.size())) > 0;
    return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
  };
  std::string in;
  char buf[8192];
  while (running_) {
    std::size_t head_end;
    while ((head_end = in.find("\r\n\r\n")) == std::string::npos) {
      const int n = read_some(buf, sizeof buf);
      if (n <= 0) goto done;
      in.append(buf, static_cast<std::size_t>(n));
    }
    {
      ReceivedHook h;
      const std::string head = in.substr(0, head_end);
      std::size_t line_end = head.find("\r\n");
      const std::string request_line = head.substr(0, line_end);
      const auto sp1 = request_line.find(' ');
      const auto sp2 = request_line.find(' ', sp1 + 1);
      h.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
      std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
      while (pos < head.size()) {
        std::size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        const std::string line = head.substr(pos, e - pos);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          std::transform(name.begin(), name.end(), name.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
          std::string value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.erase(0, 1);
          h.headers[name] = value;
        }
        pos = e + 2;
      }
      const std::size_t length = std::strtoul(h.header("content-length").c_str(), nullptr, 10);
      in.erase(0, head_end + 4);
      while (in.size() < length) {
        const int n = read_some(buf, sizeof buf);
        if (n <= 0) goto done;
        in.append(buf, static_cast<std::size_t>(n));
      }
      h.body = in.substr(0, length);
      in.erase(0, length);
      const int delay = delay_ms_;
      for (int waited = 0; waited < delay && running_; waited += 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!running_) goto done;
      h.answered = status_;
      {
        std::lock_guard lock(mutex_);
        if (!next_.empty()) {
          h.answered = next_.front();
          next_.erase(next_.begin());
        }
      }
      h.at = std::chrono::system_clock::now();
      std::string extra = h.answered / 100 == 3 ? "Location: http://127.0.0.2:1/elsewhere\r\n" : "";
      const std::string reply = "HTTP/1.1 " + std::to_string(h.answered) + " X\r\n" + extra +
                                "Content-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(h));
      }
      if (!write_all(reply)) goto done;
    }
  }
done:
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
  std::lock_guard lock(connections_mutex_);  // stop() must not shut a number reused meanwhile
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  ::close(fd);
}

std::vector<ReceivedHook> WebhookReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<ReceivedHook> WebhookReceiver::delivered() const {
  std::lock_guard lock(mutex_);
  std::vector<ReceivedHook> out;
  for (const auto& h : requests_) {
    if (h.answered / 100 == 2) out.push_back(h);
  }
  return out;
}

std::size_t WebhookReceiver::delivered_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(requests_.begin(), requests_.end(),
                    [](const ReceivedHook& h) { return h.answered / 100 == 2; }));
}

bool WebhookReceiver::signature_ok(const ReceivedHook& h, const std::string& secret, int window_s) {
  const std::string ts = h.header("blendd-timestamp");
  const long long t = std::atoll(ts.c_str());
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  if (ts.empty() || std::llabs(now - t) > window_s) return false;
  const std::string message = ts + "." + h.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < size; ++i) std::snprintf(hex + 2 * i, 3, "%02x", mac[i]);
  return h.header("blendd-signature") == "v1=" + std::string(hex, 2 * size);
}

}  // namespace blendd::test
