#pragma once
// An answer to a customer's offer from blendd's side when no agent is on the call: for the relay
// to play an announcement (a placeholder port nobody listens on), or to send the customer's audio
// to AMD's listener (G.711 only: what it decodes). Relay mode only: the relay rewrites it.
#include <cstdint>
#include <string>

namespace blendd::sip {

// `offer`'s first audio stream answered at `address`:`port` (IPv4 or IPv6), sendrecv, with the
// offer's formats (`g711_only`: PCMU and PCMA alone). "" when no format is left.
std::string stand_in_answer(const std::string& offer, const std::string& address,
                            std::uint16_t port, bool g711_only, const std::string& session);

}  // namespace blendd::sip
