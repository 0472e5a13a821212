#pragma once
// sofia-sip reads its TLS identity from a directory — agent.pem (the private key and the
// certificate chain, in one file) and cafile.pem (the CAs peers must chain to) — read once,
// when its TLS transport starts. blendd's configuration names ordinary PEM files (sip.tls), so
// they are copied into state_dir/sip-tls (0700; the key's copy 0600) before the gateway starts.
#include <string>

#include "config/blendd_config.hpp"

namespace blendd::daemon {

struct SipCertificates {
  std::string dir;    // empty: no TLS configured
  std::string error;  // why the directory could not be made (which file)
};

SipCertificates prepare_sip_certificates(const config::BlenddConfig& cfg);

}  // namespace blendd::daemon
