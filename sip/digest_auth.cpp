#include "sip/digest_auth.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cstring>

namespace blendd::sip {

namespace {

std::string hex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xf];
  }
  return out;
}

// Constant time: a response is not guessed a digit at a time from how long a refusal takes.
bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

const char* to_string(DigestVerdict v) {
  switch (v) {
    case DigestVerdict::ok:
      return "ok";
    case DigestVerdict::stale:
      return "stale nonce";
    case DigestVerdict::wrong:
      return "wrong credentials";
    case DigestVerdict::replayed:
      return "nonce count reused";
    case DigestVerdict::malformed:
      return "malformed credentials";
  }
  return "?";
}

std::string md5_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), digest, &n, EVP_md5(), nullptr);
  return hex(digest, n);
}

std::string digest_ha1(std::string_view username, std::string_view realm,
                       std::string_view password) {
  std::string a1;
  a1.append(username).append(":").append(realm).append(":").append(password);
  return md5_hex(a1);
}

std::string digest_response(std::string_view ha1, const DigestCredentials& c,
                            std::string_view method) {
  std::string a2;
  a2.append(method).append(":").append(c.uri);
  const std::string ha2 = md5_hex(a2);
  std::string kd;
  kd.append(ha1).append(":").append(c.nonce).append(":");
  if (!c.qop.empty())
    kd.append(c.nc).append(":").append(c.cnonce).append(":").append(c.qop).append(":");
  kd.append(ha2);
  return md5_hex(kd);
}

DigestAuthenticator::DigestAuthenticator(std::string realm, std::string secret,
                                         std::int64_t nonce_lifetime_ms)
    : realm_(std::move(realm)), secret_(std::move(secret)), lifetime_ms_(nonce_lifetime_ms) {}

std::string DigestAuthenticator::mac(std::string_view stamp) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(stamp.data()), stamp.size(), out, &n);
  return hex(out, 16);  // 128 bits are plenty for a nonce's tag
}

std::string DigestAuthenticator::nonce(std::int64_t now_ms) const {
  const std::string stamp = std::to_string(now_ms);
  return stamp + "." + mac(stamp);
}

std::string DigestAuthenticator::challenge(std::int64_t now_ms, bool stale) const {
  std::string v = "Digest realm=\"" + realm_ + "\", nonce=\"" + nonce(now_ms) +
                  "\", algorithm=MD5, qop=\"auth\"";
  if (stale) v += ", stale=true";
  return v;
}

DigestVerdict DigestAuthenticator::check(const DigestCredentials& c, std::string_view ha1,
                                         std::string_view method, std::int64_t now_ms) {
  if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty())
    return DigestVerdict::malformed;
  if (!c.algorithm.empty() && !iequals(c.algorithm, "MD5")) return DigestVerdict::malformed;
  if (!c.qop.empty() && (c.qop != "auth" || c.nc.empty() || c.cnonce.empty()))
    return DigestVerdict::malformed;
  if (c.realm != realm_) return DigestVerdict::wrong;
  const std::size_t dot = c.nonce.find('.');
  if (dot == std::string::npos) return DigestVerdict::stale;  // not one of ours: challenge anew
  const std::string_view stamp(c.nonce.data(), dot);
  std::int64_t made = 0;
  if (std::from_chars(stamp.data(), stamp.data() + stamp.size(), made).ec != std::errc{})
    return DigestVerdict::stale;
  if (!same(mac(stamp), std::string_view(c.nonce).substr(dot + 1))) return DigestVerdict::stale;
  if (now_ms - made > lifetime_ms_ || made - now_ms > 60'000) return DigestVerdict::stale;
  if (!same(digest_response(ha1, c, method), c.response)) return DigestVerdict::wrong;
  // Only a verified request counts toward the nonce's counter: a forged one cannot burn it.
  std::uint64_t count = 0;
  if (!c.qop.empty()) {
    if (std::from_chars(c.nc.data(), c.nc.data() + c.nc.size(), count, 16).ec != std::errc{})
      return DigestVerdict::malformed;
  }
  for (auto it = counts_.begin(); it != counts_.end();) {
    const std::int64_t t = std::atoll(it->first.c_str());
    it = now_ms - t > lifetime_ms_ ? counts_.erase(it) : std::next(it);
  }
  auto [it, fresh] = counts_.emplace(c.nonce, count);
  if (!fresh) {
    // Without qop there is no count: such a nonce serves one request only.
    if (c.qop.empty() || count <= it->second) return DigestVerdict::replayed;
    it->second = count;
  }
  return DigestVerdict::ok;
}

}  // namespace blendd::sip
