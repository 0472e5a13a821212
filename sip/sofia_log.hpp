#pragma once
// Sends sofia-sip's log output (su, nua, nta, tport) to a callback a line at a time, instead of
// stderr. sofia's log redirection is process-wide: the last gateway started owns it.
#include <functional>
#include <string>
#include <string_view>

namespace blendd::sip {

class SofiaLogRedirect {
 public:
  // level: sofia's 0 (fatal) .. 9 (everything); 2 = errors and warnings.
  SofiaLogRedirect(std::function<void(std::string_view)> sink, unsigned level);
  ~SofiaLogRedirect();  // restores sofia's default output
  SofiaLogRedirect(const SofiaLogRedirect&) = delete;
  SofiaLogRedirect& operator=(const SofiaLogRedirect&) = delete;

  void write(std::string_view chunk);  // called from sofia's logger; emits complete lines

 private:
  std::function<void(std::string_view)> sink_;
  std::string pending_;
};

}  // namespace blendd::sip
