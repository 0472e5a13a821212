#pragma once
// A deliberately plain blocking HTTP/1.1 client over POSIX sockets, independent of the server's
// Beast code, so tests see exactly the bytes a foreign client would.
#include <string>

namespace blendd::test {

struct HttpResult {
  int status = 0;  // 0 when nothing usable came back
  std::string head;
  std::string body;
};

// Sends raw bytes to 127.0.0.1:port and reads until the server closes or timeout_ms passes.
HttpResult http_exchange(int port, const std::string& raw_request, int timeout_ms = 2000);
HttpResult http_get(int port, const std::string& path);

}  // namespace blendd::test
