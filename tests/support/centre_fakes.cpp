#include "tests/support/centre_fakes.hpp"

#include <gtest/gtest.h>

#include "config/config_loader.hpp"

#include <stdexcept>

namespace blendd::test {

void FakeTargetLists::answer_manual(const std::string& refusal, std::error_code ec) {
  if (manual_claims.empty()) throw std::logic_error("no manual claim is pending");
  ManualClaim c = std::move(manual_claims.front());
  manual_claims.pop_front();
  if (ec || !refusal.empty()) return c.done(ec, refusal, std::nullopt);
  queue::ClaimedTarget t;
  t.attempt_id = "attempt-" + std::to_string(++attempts_);
  t.target.number = c.number;
  t.target.zone = c.zone;
  t.manual = true;
  c.done({}, "", std::move(t));
}

void FakeTargetLists::answer_claim(const std::vector<std::string>& numbers) {
  if (claims.empty()) throw std::logic_error("no claim is pending");
  Claim c = std::move(claims.front());
  claims.pop_front();
  std::vector<queue::ClaimedTarget> got;
  for (const auto& n : numbers) {
    queue::ClaimedTarget t;
    t.attempt_id = "attempt-" + std::to_string(++attempts_);
    t.target.number = n;
    t.target.zone = "Europe/Berlin";
    got.push_back(t);
  }
  c.done({}, std::move(got));
}

void FakeTargetLists::fail_claim() {
  if (claims.empty()) throw std::logic_error("no claim is pending");
  Claim c = std::move(claims.front());
  claims.pop_front();
  c.done(std::make_error_code(std::errc::timed_out), {});
}

void FakeTargetLists::answer_confirm(const std::string& verdict) {
  if (confirms.empty()) throw std::logic_error("no confirmation is pending");
  Confirm c = std::move(confirms.front());
  confirms.pop_front();
  c.done({}, {verdict, verdict == "ok" ? "" : "refused by the store"});
}

void FakeTargetLists::answer_result(std::error_code ec) {
  if (results.empty()) throw std::logic_error("no result is pending");
  Result r = std::move(results.front());
  results.pop_front();
  r.done(ec);
}

std::vector<std::string> FakeDesktops::of(const std::string& agent, const std::string& type) const {
  std::vector<std::string> out;
  const std::string marker = "\"type\":\"" + type + "\"";
  for (const auto& [to, message] : sent)
    if (to == agent && message.find(marker) != std::string::npos) out.push_back(message);
  return out;
}

daemon::CallCentreClock SimClock::clock() {
  daemon::CallCentreClock c;
  c.now = [this] { return now_; };
  c.wake_at = [this](std::optional<policy::TimePoint> at) { wake_ = at; };
  return c;
}

void SimClock::advance(policy::Duration by, daemon::CallCentre& centre) {
  const policy::TimePoint until = now_ + by;
  while (wake_ && *wake_ <= until) {
    now_ = std::max(now_, *wake_);
    wake_.reset();
    centre.tick();
  }
  now_ = until;
  centre.tick();
}

std::string agent_state(const daemon::CallCentre& centre, const std::string& agent) {
  const auto i = centre.core().roster().find(agent);
  return i ? policy::to_string(centre.core().roster().agent(*i).state) : "?";
}

std::unique_ptr<daemon::CallCentre> centre_on_fakes(const std::string& yaml, FakeCallControl& sip,
                                                    FakeTargetLists& targets, FakeDesktops& desks,
                                                    SimClock& clock, std::uint64_t seed) {
  auto loaded = config::load_config_text(yaml, "blendd.yaml");
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded)) {
    for (const auto& e : *errors) ADD_FAILURE() << e.to_string();
    return nullptr;
  }
  return std::make_unique<daemon::CallCentre>(std::get<config::BlenddConfig>(loaded), sip, targets,
                                              desks, clock.clock(), seed);
}

}  // namespace blendd::test
