#include "tests/support/test_certificates.hpp"

#include <cstdlib>

namespace blendd::test {

TestCertificate make_test_certificate(const std::string& dir, const std::string& name) {
  const std::string d = dir + "/";
  const std::string cmd =
      "cd " + d + " && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ca-" + name +
      " -keyout ca_key_" + name + ".pem -out ca_" + name +
      ".pem >/dev/null 2>&1 && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "
      "key_" +
      name + ".pem -out req_" + name +
      ".csr >/dev/null 2>&1 && printf 'subjectAltName=IP:127.0.0.1' > ext_" + name +
      " && openssl x509 -req -in req_" + name + ".csr -CA ca_" + name + ".pem -CAkey ca_key_" +
      name + ".pem -CAcreateserial -days 1 -extfile ext_" + name + " -out cert_" + name +
      ".pem >/dev/null 2>&1";
  TestCertificate c;
  c.ca = d + "ca_" + name + ".pem";
  c.certificate = d + "cert_" + name + ".pem";
  c.key = d + "key_" + name + ".pem";
  c.made = std::system(cmd.c_str()) == 0;
  return c;
}

}  // namespace blendd::test
