#pragma once
// HTTP digest authentication (RFC 2617 with qop=auth, MD5 as every desk phone speaks it) for the
// registrar. Nonces are checked without being kept: each carries the time it was made and an HMAC
// of that time under a secret of this run, so a restart only makes old nonces stale (the phone
// retries with a new one at once). A nonce's count (nc) must rise: a captured REGISTER replayed
// with the same nonce and count is refused. No sofia types: unit-tested on its own.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace blendd::sip {

// The fields of an Authorization header, unquoted.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;
  std::string algorithm;  // empty = MD5
  std::string qop;        // "auth", or empty (RFC 2069 style, no nc/cnonce)
  std::string nc;
  std::string cnonce;
};

enum class DigestVerdict {
  ok,
  stale,  // a nonce of ours that is too old (or from an earlier run): challenge again, stale=true
  wrong,  // the response does not match the account's HA1, or another realm
  replayed,   // a nonce count already used
  malformed,  // fields missing, an algorithm or qop we do not offer
};
const char* to_string(DigestVerdict v);

std::string md5_hex(std::string_view text);
// HA1 = MD5(username:realm:password): what the configuration stores instead of the password.
std::string digest_ha1(std::string_view username, std::string_view realm,
                       std::string_view password);
// The response a client computes for `method` (qop auth, or none when qop is empty).
std::string digest_response(std::string_view ha1, const DigestCredentials& c,
                            std::string_view method);

class DigestAuthenticator {
 public:
  // `secret`: random bytes of this run; nonces live `nonce_lifetime_ms`.
  DigestAuthenticator(std::string realm, std::string secret, std::int64_t nonce_lifetime_ms);

  const std::string& realm() const { return realm_; }
  std::string nonce(std::int64_t now_ms) const;
  // The WWW-Authenticate value for a 401 (stale=true after DigestVerdict::stale).
  std::string challenge(std::int64_t now_ms, bool stale) const;
  DigestVerdict check(const DigestCredentials& c, std::string_view ha1, std::string_view method,
                      std::int64_t now_ms);

 private:
  std::string mac(std::string_view stamp) const;
  std::string realm_;
  std::string secret_;
  std::int64_t lifetime_ms_;
  // The highest nc seen per nonce still alive (pruned as they age out).
  std::map<std::string, std::uint64_t> counts_;
};

}  // namespace blendd::sip
