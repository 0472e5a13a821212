#pragma once
// rtpengine's NG control protocol over UDP: "<cookie> <bencoded dict>" out, the same cookie and
// a bencoded reply back. A request is sent again every `retransmit` until its reply comes or
// `timeout` passes (rtpengine answers a repeated cookie from its cache, so a retransmitted
// offer is applied once). Replies that do not decode, or carry an unknown cookie, are counted
// and dropped. request() may be called from any thread; `done` runs on the io_context's.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "media/bencode.hpp"

namespace boost::asio {
class io_context;
}

namespace blendd::media {

enum class NgErrc {
  timeout = 1,  // no reply within the timeout
  refused,      // rtpengine answered "result": "error" (reason in NgReply::why)
  bad_reply,    // a reply without a result
  socket,       // the UDP socket could not be used
};
const std::error_category& ng_category();
std::error_code make_error_code(NgErrc e);

struct NgReply {
  std::error_code error;
  std::string why;  // rtpengine's error-reason, or what was wrong
  Bencode body;     // the reply's dictionary (on success)
  bool ok() const { return !error; }
};

class NgClient {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 2223;
    std::chrono::milliseconds timeout{1000};
    std::chrono::milliseconds retransmit{250};
  };
  struct Counters {
    std::uint64_t requests = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t retransmits = 0;
    std::uint64_t bad_datagrams = 0;  // undecodable, or an unknown cookie
  };

  NgClient(boost::asio::io_context& io, Options options);
  ~NgClient();
  NgClient(const NgClient&) = delete;
  NgClient& operator=(const NgClient&) = delete;

  void request(Bencode::Dict command, std::function<void(NgReply)> done);
  Counters counters() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace blendd::media

template <>
struct std::is_error_code_enum<blendd::media::NgErrc> : std::true_type {};
