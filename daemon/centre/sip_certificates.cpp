#include "daemon/centre/sip_certificates.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace blendd::daemon {

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

bool write_private(const std::string& path, const std::string& text) {
  std::filesystem::remove(path);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  return out && ::chmod(path.c_str(), 0600) == 0;
}

}  // namespace

SipCertificates prepare_sip_certificates(const config::BlenddConfig& cfg) {
  SipCertificates out;
  if (cfg.sip.tls.certificate.empty()) return out;
  const auto& tls = cfg.sip.tls;
  std::string key, chain, cas;
  if (!read_all(tls.private_key, key))
    return {{}, "cannot read sip.tls.private_key " + tls.private_key};
  if (!read_all(tls.certificate, chain))
    return {{}, "cannot read sip.tls.certificate " + tls.certificate};
  if (!tls.ca_file.empty() && !read_all(tls.ca_file, cas))
    return {{}, "cannot read sip.tls.ca_file " + tls.ca_file};
  out.dir = cfg.state_dir + "/sip-tls";
  std::error_code ec;
  std::filesystem::create_directories(out.dir, ec);
  if (ec || ::chmod(out.dir.c_str(), 0700) != 0) return {{}, "cannot make " + out.dir};
  if (!key.empty() && key.back() != '\n') key += '\n';
  if (!write_private(out.dir + "/agent.pem", key + chain) ||
      !write_private(out.dir + "/cafile.pem", cas)) {
    return {{}, "cannot write the TLS files in " + out.dir};
  }
  return out;
}

}  // namespace blendd::daemon
