#pragma once
// Test PKI with openssl: a CA and a certificate for 127.0.0.1 signed by it.
#include <string>

namespace blendd::test {

struct TestCertificate {
  std::string ca;           // the CA's certificate (PEM)
  std::string certificate;  // 127.0.0.1's, signed by the CA
  std::string key;          // its private key
  bool made = false;
};

// Files ca_<name>.pem, cert_<name>.pem and key_<name>.pem in `dir`.
TestCertificate make_test_certificate(const std::string& dir, const std::string& name);

}  // namespace blendd::test
