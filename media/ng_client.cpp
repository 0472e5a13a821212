#include "media/ng_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <map>
#include <random>

namespace blendd::media {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

class NgCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "rtpengine-ng"; }
  std::string message(int e) const override {
    switch (static_cast<NgErrc>(e)) {
      case NgErrc::timeout:
        return "rtpengine did not answer";
      case NgErrc::refused:
        return "rtpengine refused the request";
      case NgErrc::bad_reply:
        return "rtpengine's reply has no result";
      case NgErrc::socket:
        return "the NG socket failed";
    }
    return "unknown NG error";
  }
};

}  // namespace

const std::error_category& ng_category() {
  static NgCategory c;
  return c;
}

std::error_code make_error_code(NgErrc e) {
  return {static_cast<int>(e), ng_category()};
}

struct NgClient::State : std::enable_shared_from_this<NgClient::State> {
  struct Pending {
    std::string datagram;
    std::function<void(NgReply)> done;
    std::chrono::steady_clock::time_point deadline;
    std::unique_ptr<asio::steady_timer> timer;
  };

  State(asio::io_context& io, Options o) : io(io), options(std::move(o)), socket(io) {}

  void open() {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) return;
    target = udp::endpoint(address, options.port);
    socket.open(target.protocol(), ec);
    if (ec) return;
    socket.connect(target, ec);  // only rtpengine's datagrams reach us
    if (ec) return;
    opened = true;
    receive();
  }

  void receive() {
    socket.async_receive(asio::buffer(buffer),
                         [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                           if (ec == asio::error::operation_aborted || self->closed) return;
                           if (!ec) self->on_datagram(std::string_view(self->buffer.data(), n));
                           self->receive();  // ICMP refusals arrive as errors: keep reading
                         });
  }

  void on_datagram(std::string_view d) {
    const auto space = d.find(' ');
    if (space == std::string_view::npos) {
      ++bad;
      return;
    }
    auto it = pending.find(std::string(d.substr(0, space)));
    if (it == pending.end()) {
      ++bad;  // a reply to a request given up on, or not ours
      return;
    }
    NgReply reply;
    if (Bencode::decode(d.substr(space + 1), reply.body)) {
      ++bad;
      return;  // the retransmission may fetch a good copy
    }
    Pending p = std::move(it->second);
    pending.erase(it);
    p.timer->cancel();
    const std::string result = reply.body.text("result");
    if (result.empty()) {
      reply.error = NgErrc::bad_reply;
      reply.why = "no result in the reply";
    } else if (result == "error") {
      reply.error = NgErrc::refused;
      reply.why = reply.body.text("error-reason");
    }
    p.done(std::move(reply));
  }

  void send(const std::string& cookie) {
    auto it = pending.find(cookie);
    if (it == pending.end()) return;
    boost::system::error_code ec;
    socket.send(asio::buffer(it->second.datagram), 0, ec);  // UDP: never blocks for long
    const auto now = std::chrono::steady_clock::now();
    const auto next = std::min(it->second.deadline, now + options.retransmit);
    it->second.timer->expires_at(next);
    it->second.timer->async_wait([self = shared_from_this(), cookie](boost::system::error_code e) {
      if (e || self->closed) return;
      auto p = self->pending.find(cookie);
      if (p == self->pending.end()) return;
      if (std::chrono::steady_clock::now() >= p->second.deadline) {
        auto done = std::move(p->second.done);
        self->pending.erase(p);
        ++self->timeouts;
        NgReply r;
        r.error = NgErrc::timeout;
        r.why = "no reply from rtpengine within " + std::to_string(self->options.timeout.count()) +
                " ms";
        done(std::move(r));
        return;
      }
      ++self->retransmits;
      self->send(cookie);
    });
  }

  void start(Bencode::Dict command, std::function<void(NgReply)> done) {
    ++requests;
    if (!opened) {
      NgReply r;
      r.error = NgErrc::socket;
      r.why = "cannot open a UDP socket to " + options.host + ":" + std::to_string(options.port);
      return done(std::move(r));
    }
    // Cookies are unique per client and unpredictable to others on the host.
    const std::string cookie = prefix + std::to_string(++sequence);
    Pending p;
    p.datagram = cookie + " " + Bencode(std::move(command)).encode();
    p.done = std::move(done);
    p.deadline = std::chrono::steady_clock::now() + options.timeout;
    p.timer = std::make_unique<asio::steady_timer>(io);
    pending.emplace(cookie, std::move(p));
    send(cookie);
  }

  asio::io_context& io;
  Options options;
  udp::socket socket;
  udp::endpoint target;
  bool opened = false;
  bool closed = false;
  std::array<char, 65536> buffer{};
  std::map<std::string, Pending> pending;
  std::string prefix;
  std::uint64_t sequence = 0;
  std::atomic<std::uint64_t> requests{0}, timeouts{0}, retransmits{0}, bad{0};
};

NgClient::NgClient(asio::io_context& io, Options options)
    : state_(std::make_shared<State>(io, std::move(options))) {
  std::random_device rd;
  state_->prefix = std::to_string(rd() % 1000000) + "_";
  state_->open();
}

NgClient::~NgClient() {
  // The io thread may be running a handler: close there; answers still owed are dropped.
  asio::post(state_->io, [s = state_] {
    s->closed = true;
    boost::system::error_code ec;
    s->socket.close(ec);
    for (auto& [cookie, p] : s->pending) p.timer->cancel();
    s->pending.clear();
  });
}

void NgClient::request(Bencode::Dict command, std::function<void(NgReply)> done) {
  asio::post(state_->io,
             [s = state_, command = std::move(command), done = std::move(done)]() mutable {
               if (s->closed) return;
               s->start(std::move(command), std::move(done));
             });
}

NgClient::Counters NgClient::counters() const {
  return {state_->requests.load(), state_->timeouts.load(), state_->retransmits.load(),
          state_->bad.load()};
}

}  // namespace blendd::media
