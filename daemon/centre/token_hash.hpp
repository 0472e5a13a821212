#pragma once
// Tokens are stored as SHA-256 hex digests; a presented token is hashed and compared in
// constant time, so neither the config nor a timing side channel gives a token away.
#include <string>
#include <string_view>

namespace blendd::daemon {

std::string sha256_hex(std::string_view data);
// True when sha256(token) equals the stored digest (lower-case hex), compared in constant time.
bool token_matches(std::string_view token, std::string_view stored_hex);

}  // namespace blendd::daemon
