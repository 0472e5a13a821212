#include "sip/sofia_log.hpp"

#include <sofia-sip/su_log.h>

#include <cstdarg>
#include <cstdio>

extern "C" {
// Declared by sofia's private headers only; exported by libsofia-sip-ua.
extern su_log_t nua_log[];
extern su_log_t nta_log[];
extern su_log_t tport_log[];
}

namespace blendd::sip {

namespace {

void logger(void* stream, char const* fmt, va_list ap) {
  char buffer[1024];
  const int n = std::vsnprintf(buffer, sizeof buffer, fmt, ap);
  if (n <= 0) return;
  const auto length =
      static_cast<std::size_t>(n) < sizeof buffer ? static_cast<std::size_t>(n) : sizeof buffer - 1;
  static_cast<SofiaLogRedirect*>(stream)->write(std::string_view(buffer, length));
}

template <typename F>
void for_each_log(F f) {
  f(su_log_default);
  f(nua_log);
  f(nta_log);
  f(tport_log);
}

}  // namespace

SofiaLogRedirect::SofiaLogRedirect(std::function<void(std::string_view)> sink, unsigned level)
    : sink_(std::move(sink)) {
  for_each_log([this, level](su_log_t* log) {
    su_log_redirect(log, &logger, this);
    su_log_set_level(log, level);
  });
}

SofiaLogRedirect::~SofiaLogRedirect() {
  for_each_log([](su_log_t* log) { su_log_redirect(log, nullptr, nullptr); });
}

void SofiaLogRedirect::write(std::string_view chunk) {
  pending_.append(chunk);
  std::size_t start = 0;
  for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
    if (nl > start && sink_) sink_(std::string_view(pending_).substr(start, nl - start));
  }
  pending_.erase(0, start);
  if (pending_.size() > 4096) {  // a runaway line without newline: flush it as it is
    if (sink_) sink_(pending_);
    pending_.clear();
  }
}

}  // namespace blendd::sip
