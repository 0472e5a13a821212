#pragma once
// A test's own look into rtpengine: one blocking NG request over loopback UDP.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "media/bencode.hpp"

namespace blendd::test {

std::optional<media::Bencode> ng_request(std::uint16_t port, const media::Bencode::Dict& command,
                                         std::chrono::milliseconds wait = std::chrono::seconds(2));
// The call ids rtpengine holds now (`list`); nullopt if it did not answer.
std::optional<std::vector<std::string>> ng_calls(std::uint16_t port);
// Every "packets" count under a value, added up (a query's per-tag statistics).
std::int64_t packets_in(const media::Bencode& value);

}  // namespace blendd::test
