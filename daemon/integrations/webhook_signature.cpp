#include "daemon/integrations/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace blendd::daemon {

std::string hmac_sha256_hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

std::string webhook_signature(const std::string& secret, std::int64_t timestamp_s,
                              const std::string& body) {
  return "v1=" + hmac_sha256_hex(secret, std::to_string(timestamp_s) + "." + body);
}

}  // namespace blendd::daemon
