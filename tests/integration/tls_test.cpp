// HTTPS and WSS on a real blendd with a throwaway CA: the API, the agent desk over TLS, plain
// HTTP refused on the TLS port, a certificate rotated by SIGHUP — checked by Python's own TLS
// client; a key that does not match its certificate stops blendd at start with the reason.
#include <gtest/gtest.h>

#include <cstdlib>

#include "daemon/centre/token_hash.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certificates.hpp"

using namespace blendd::test;
using namespace std::chrono_literals;

namespace {

constexpr int kPort = 24900;  // below the ephemeral range, above daemon_test's

// A CA and a certificate for 127.0.0.1 signed by it, as cert_<name>.pem / key_<name>.pem.
void make_certificate(const TempDir& dir, const std::string& name) {
  ASSERT_TRUE(make_test_certificate(dir.path(), name).made);
}

// Each test its own ports: ctest runs them side by side.
std::string config(const TempDir& dir, const std::string& key, int port = kPort) {
  return "state_dir: " + dir.file("state") +
         "\nsip:\n  listen: [sip:127.0.0.1:" + std::to_string(port + 1) +
         "]\n  trunk: { uri: sip:127.0.0.1:5080 }\n  caller_id: sip:100@127.0.0.1\n"
         "http:\n  listen: 127.0.0.1:" +
         std::to_string(port) + "\n  tls: { certificate: " + dir.file("cert.pem") +
         ", private_key: " + dir.file(key) + " }\n  tokens: [{ name: t, role: viewer, sha256: " +
         blendd::daemon::sha256_hex("api-token") +
         " }]\ngroups:\n  - id: sales\n    agents: [{ id: a1, sip_uri: 'sip:a1@127.0.0.1:5090', "
         "token_sha256: " +
         blendd::daemon::sha256_hex("desk-token") + " }]\n";
}

}  // namespace

TEST(Tls, HttpsAndWssServeTheApiAndTheDeskAndAReloadRotatesTheCertificate) {
  TempDir dir;
  make_certificate(dir, "one");
  make_certificate(dir, "two");
  std::system(("cp " + dir.file("cert_one.pem") + " " + dir.file("cert.pem") + " && cp " +
               dir.file("key_one.pem") + " " + dir.file("key.pem"))
                  .c_str());
  dir.write("blendd.yaml", config(dir, "key.pem"));
  ChildProcess blendd({BLENDD_BINARY, "--config", dir.file("blendd.yaml")}, dir.file("blendd.log"));
  // The rotation: the next certificate is in place before the client sends SIGHUP.
  ChildProcess client({"/usr/bin/python3", BLENDD_SOURCE_DIR "/tests/tls/tls_client.py",
                       std::to_string(kPort), dir.file("ca_one.pem"), "api-token", "desk-token",
                       std::to_string(blendd.pid()), dir.file("ca_two.pem"), dir.file("rotated")},
                      dir.file("client.log"));
  // Swap the files once the client has checked the first certificate.
  ASSERT_TRUE(eventually(
      [&] {
        return client.log().find("before the rotation") != std::string::npos || !client.running();
      },
      30s))
      << client.log() << blendd.log();
  std::system(("cp " + dir.file("cert_two.pem") + " " + dir.file("cert.pem") + " && cp " +
               dir.file("key_two.pem") + " " + dir.file("key.pem"))
                  .c_str());
  dir.write("rotated", "");
  EXPECT_EQ(client.wait(30s), 0) << client.log() << blendd.log();
  for (const char* check :
       {"ok   GET /api/v1/figures over TLS with a token", "ok   agent login over WSS gets welcome",
        "ok   plain HTTP on the TLS port is not served",
        "ok   after the reload new connections use the rotated certificate"}) {
    EXPECT_NE(client.log().find(check), std::string::npos) << check << "\n" << client.log();
  }
  EXPECT_NE(blendd.log().find("(https, wss)"), std::string::npos) << blendd.log();
}

TEST(Tls, AKeyThatDoesNotMatchTheCertificateStopsTheStartWithTheReason) {
  TempDir dir;
  make_certificate(dir, "one");
  make_certificate(dir, "two");
  std::system(("cp " + dir.file("cert_one.pem") + " " + dir.file("cert.pem")).c_str());
  dir.write("blendd.yaml", config(dir, "key_two.pem", kPort + 10));
  ChildProcess blendd({BLENDD_BINARY, "--config", dir.file("blendd.yaml")}, dir.file("blendd.log"));
  EXPECT_EQ(blendd.wait(20s), 1) << blendd.log();
  EXPECT_NE(blendd.log().find("http: tls: private key " + dir.file("key_two.pem")),
            std::string::npos)
      << blendd.log();
}
