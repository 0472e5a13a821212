#pragma once
// How a webhook delivery is signed (docs/events.md): Blendd-Signature: v1=<hex HMAC-SHA256 of
// "<Blendd-Timestamp>.<body>" with the webhook's secret>. The timestamp is the attempt's Unix
// time, so a receiver can refuse replays older than its window.
#include <cstdint>
#include <string>

namespace blendd::daemon {

std::string hmac_sha256_hex(const std::string& key, const std::string& message);
// The header's value, "v1=…".
std::string webhook_signature(const std::string& secret, std::int64_t timestamp_s,
                              const std::string& body);

}  // namespace blendd::daemon
