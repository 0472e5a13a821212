#include "media/amd_listener.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "amd/amd_detector.hpp"
#include "amd/greeting_end.hpp"
#include "amd/rtp_audio.hpp"

namespace blendd::media {

namespace asio = boost::asio;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kFrame = std::chrono::milliseconds(amd::AmdDetector::kFrameMs);
constexpr auto kCheckEvery = std::chrono::milliseconds(100);

struct AtomicCounters {
  std::atomic<std::uint64_t> opened{0}, verdicts{0}, packets{0}, refused_packets{0}, silent_ms{0};
};

// One analysed call. Lives on the listener's thread; its socket and timer keep it alive through
// their handlers, and close() ends both.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // analysing: no verdict yet; person: decided, nothing more to hear; machine: decided, the
  // greeting's end is looked for; following: that end is wanted; done: reported, or closed.
  enum class Phase { analysing, person, machine, following, done };
  enum class Input { verdict_person, verdict_machine, greeting_over, follow, close };

  Session(asio::io_context& io, const amd::AmdParams& params,
          std::function<void(sip::TapReport)> report, AtomicCounters& counters,
          Clock::duration silence_after)
      : socket_(io),
        timer_(io),
        detector_(params),
        greeting_(params),
        audio_([this](const std::int16_t* s, std::size_t n) { frame(s, n); }),
        report_(std::move(report)),
        counters_(counters),
        silence_after_(silence_after) {}

  udp::socket& socket() { return socket_; }

  void start() {
    audio_due_ = Clock::now();
    receive();
    check();
  }

  void follow() { step(Input::follow); }
  void close() { step(Input::close); }

 private:
  // The one transition function.
  void step(Input input) {
    switch (input) {
      case Input::verdict_person:
        if (phase_ == Phase::analysing) phase_ = Phase::person;
        break;
      case Input::verdict_machine:
        if (phase_ == Phase::analysing) phase_ = Phase::machine;
        break;
      case Input::greeting_over:
        if (phase_ == Phase::machine) {
          greeting_over_ = true;  // reported when asked for
        } else if (phase_ == Phase::following) {
          phase_ = Phase::done;
          report_greeting();
        }
        break;
      case Input::follow:
        if (phase_ != Phase::machine) break;
        phase_ = Phase::following;
        if (greeting_over_) {
          phase_ = Phase::done;
          report_greeting();
        }
        break;
      case Input::close:
        phase_ = Phase::done;
        break;
    }
    if (phase_ == Phase::done || phase_ == Phase::person) stop();
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    boost::system::error_code ec;
    socket_.close(ec);
    timer_.cancel();
  }

  void receive() {
    socket_.async_receive_from(
        asio::buffer(buffer_), from_,
        [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
          if (self->stopped_ || ec == asio::error::operation_aborted) return;
          if (!ec) self->datagram(n);
          self->receive();  // an ICMP error or a bad datagram: keep reading
        });
  }

  void datagram(std::size_t n) {
    ++counters_.packets;
    any_packet_ = true;
    audio_due_ = Clock::now();
    if (!audio_.packet(buffer_.data(), n).empty()) ++counters_.refused_packets;
  }

  // Missing RTP is silence: the detectors go on in time without it.
  void check() {
    timer_.expires_after(kCheckEvery);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped_) return;
      const auto now = Clock::now();
      if (now - self->audio_due_ >= self->silence_after_) {
        static const std::array<std::int16_t, amd::AmdDetector::kFrameSamples> silence{};
        while (now - self->audio_due_ >= kFrame && !self->stopped_) {
          self->audio_due_ += kFrame;
          self->counters_.silent_ms += amd::AmdDetector::kFrameMs;
          self->frame(silence.data(), silence.size());
        }
      }
      if (!self->stopped_) self->check();
    });
  }

  void frame(const std::int16_t* samples, std::size_t n) {
    if (phase_ == Phase::analysing) {
      std::optional<amd::AmdVerdict> v = detector_.frame(samples, n);
      if (!v) return;
      ++counters_.verdicts;
      sip::TapReport r;
      r.cause = any_packet_ || v->kind != amd::AmdKind::unsure ? v->cause : "unsure/no_audio";
      r.audio_ms = v->decided_at_ms;
      report_(r);
      step(v->kind == amd::AmdKind::machine ? Input::verdict_machine : Input::verdict_person);
    } else if ((phase_ == Phase::machine || phase_ == Phase::following) && !greeting_over_) {
      if (auto end = greeting_.frame(samples, n)) {
        greeting_end_ = *end;
        step(Input::greeting_over);
      }
    }
  }

  void report_greeting() {
    sip::TapReport r;
    r.kind = sip::TapReport::Kind::greeting_over;
    r.cause = greeting_end_.cause;
    r.audio_ms = greeting_end_.at_ms;
    report_(r);
  }

  udp::socket socket_;
  asio::steady_timer timer_;
  udp::endpoint from_;
  std::array<std::uint8_t, 2048> buffer_{};
  amd::AmdDetector detector_;
  amd::GreetingEndDetector greeting_;
  amd::RtpAudio audio_;
  std::function<void(sip::TapReport)> report_;
  AtomicCounters& counters_;
  Clock::duration silence_after_;
  Phase phase_ = Phase::analysing;
  bool stopped_ = false;
  bool any_packet_ = false;
  bool greeting_over_ = false;
  amd::GreetingEnd greeting_end_;
  Clock::time_point audio_due_{};  // the audio heard (or made up) reaches this time
};

}  // namespace

struct AmdListener::Impl {
  explicit Impl(Options o) : options(std::move(o)), work(asio::make_work_guard(io)) {
    thread = std::thread([this] { io.run(); });
  }
  ~Impl() {
    // Every session closed: their handlers end, and with the work guard gone so does run().
    asio::post(io, [this] {
      std::lock_guard<std::mutex> lock(mutex);
      for (auto& [key, session] : sessions) session->close();
      sessions.clear();
    });
    work.reset();
    thread.join();
  }

  Options options;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;
  AtomicCounters counters;
  mutable std::mutex mutex;  // sessions: opened on the caller's thread, run on the listener's
  std::map<std::string, std::shared_ptr<Session>> sessions;
};

AmdListener::AmdListener(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

AmdListener::~AmdListener() = default;

sip::TapAddress AmdListener::open(const std::string& key, const amd::AmdParams& params,
                                  std::function<void(sip::TapReport)> report) {
  sip::TapAddress out;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) {
    out.error = "media.amd_address '" + impl_->options.address + "' is not an IP address";
    return out;
  }
  auto session = std::make_shared<Session>(
      impl_->io, params, std::move(report), impl_->counters,
      std::chrono::duration_cast<Clock::duration>(impl_->options.silence_after));
  udp::socket& socket = session->socket();
  socket.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
  if (!ec) socket.bind(udp::endpoint(address, 0), ec);
  if (ec) {
    out.error =
        "no UDP port for the AMD listener on " + impl_->options.address + ": " + ec.message();
    return out;
  }
  out.address = impl_->options.address;
  out.port = socket.local_endpoint(ec).port();
  ++impl_->counters.opened;
  asio::post(impl_->io, [impl = impl_.get(), key, session] {
    {
      std::lock_guard<std::mutex> lock(impl->mutex);
      if (auto old = impl->sessions.find(key); old != impl->sessions.end()) old->second->close();
      impl->sessions[key] = session;
    }
    session->start();
  });
  return out;
}

void AmdListener::follow_greeting(const std::string& key) {
  asio::post(impl_->io, [impl = impl_.get(), key] {
    std::lock_guard<std::mutex> lock(impl->mutex);
    if (auto it = impl->sessions.find(key); it != impl->sessions.end()) it->second->follow();
  });
}

void AmdListener::close(const std::string& key) {
  asio::post(impl_->io, [impl = impl_.get(), key] {
    std::lock_guard<std::mutex> lock(impl->mutex);
    if (auto it = impl->sessions.find(key); it != impl->sessions.end()) {
      it->second->close();
      impl->sessions.erase(it);
    }
  });
}

AmdListener::Counters AmdListener::counters() const {
  const AtomicCounters& c = impl_->counters;
  return {c.opened.load(), c.verdicts.load(), c.packets.load(), c.refused_packets.load(),
          c.silent_ms.load()};
}

std::size_t AmdListener::open_sessions() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->sessions.size();
}

}  // namespace blendd::media
