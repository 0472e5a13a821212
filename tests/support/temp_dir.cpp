#include "tests/support/temp_dir.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace blendd::test {

TempDir::TempDir() {
  char tmpl[] = "/tmp/blendd-test-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  // BLENDD_KEEP_TEST_DIRS=1 keeps logs, configs and sipp traces for a post-mortem.
  if (const char* keep = ::getenv("BLENDD_KEEP_TEST_DIRS"); keep != nullptr && *keep == '1') return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& content) const {
  std::ofstream out(file(name), std::ios::binary);
  out << content;
}

}  // namespace blendd::test
