#include "daemon/centre/token_hash.hpp"

#include <openssl/evp.h>

namespace blendd::daemon {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

bool token_matches(std::string_view token, std::string_view stored_hex) {
  const std::string actual = sha256_hex(token);
  if (stored_hex.size() != actual.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    diff |= static_cast<unsigned char>(actual[i] ^ stored_hex[i]);
  }
  return diff == 0;
}

}  // namespace blendd::daemon
