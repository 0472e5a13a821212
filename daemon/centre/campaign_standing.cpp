#include "daemon/centre/campaign_standing.hpp"

#include <boost/json.hpp>

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// Reads typed fields off one object; the first problem is kept with the field's name.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  std::string text(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) return {};
    if (!v->is_string()) return fail(key, "a string"), std::string{};
    return std::string(v->as_string());
  }
  double number(const char* key, double fallback) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) return fallback;
    if (v->is_double()) return v->as_double();
    if (v->is_int64()) return static_cast<double>(v->as_int64());
    if (v->is_uint64()) return static_cast<double>(v->as_uint64());
    fail(key, "a number");
    return fallback;
  }
  std::int64_t integer(const char* key) {
    const double d = number(key, 0);
    if (!(d >= 0 && d < 9.2e18)) return fail(key, "a count or time >= 0"), 0;
    return static_cast<std::int64_t>(d);
  }
  bool flag(const char* key, bool fallback) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr) return fallback;
    if (!v->is_bool()) return fail(key, "true or false"), fallback;
    return v->as_bool();
  }
  void fail(const std::string& key, const std::string& want) {
    if (error_.empty()) error_ = "'" + key + "' must be " + want;
  }
  const std::string& error() const { return error_; }

 private:
  const json::object& o_;
  std::string error_;
};

std::optional<json::object> parse_object(const std::string& text, std::string& error) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  return std::move(v.as_object());
}

std::optional<policy::GovernorVerdict> verdict_from(const std::string& text) {
  for (auto v : {policy::GovernorVerdict::keep, policy::GovernorVerdict::offline,
                 policy::GovernorVerdict::intensify, policy::GovernorVerdict::review_flag,
                 policy::GovernorVerdict::stop_on_hotline}) {
    if (text == policy::to_string(v)) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string encode_standing(const CampaignStanding& s) {
  const policy::GovernorRecord& g = s.governor;
  return json::serialize(json::object{{"state", policy::to_string(s.run.state)},
                                      {"by", s.run.by},
                                      {"reason", s.run.reason},
                                      {"since_ms", s.run.since_ms},
                                      {"contacts", g.health.contacts},
                                      {"successes", g.health.successes},
                                      {"complaints", g.health.complaints},
                                      {"verdict", policy::to_string(g.verdict)},
                                      {"rule", g.rule},
                                      {"verdict_since_ms", g.since_ms},
                                      {"weight", g.weight},
                                      {"override_by", g.override_by},
                                      {"override_reason", g.override_reason},
                                      {"override_at_ms", g.override_at_ms}});
}

std::optional<CampaignStanding> decode_standing(const std::string& text, std::string& error) {
  auto o = parse_object(text, error);
  if (!o) return std::nullopt;
  Fields f(*o);
  CampaignStanding s;
  const auto state = policy::run_state_from(f.text("state"));
  if (!state) f.fail("state", "running, paused, stopped or offline");
  s.run.state = state.value_or(policy::CampaignRunState::running);
  s.run.by = f.text("by");
  s.run.reason = f.text("reason");
  s.run.since_ms = f.integer("since_ms");
  s.governor.health.contacts = static_cast<int>(f.integer("contacts"));
  s.governor.health.successes = static_cast<int>(f.integer("successes"));
  s.governor.health.complaints = static_cast<int>(f.integer("complaints"));
  const std::string verdict_text = f.text("verdict");
  const auto verdict =
      verdict_text.empty() ? policy::GovernorVerdict::keep : verdict_from(verdict_text);
  if (!verdict) f.fail("verdict", "a governor verdict");
  s.governor.verdict = verdict.value_or(policy::GovernorVerdict::keep);
  s.governor.rule = f.text("rule");
  s.governor.since_ms = f.integer("verdict_since_ms");
  s.governor.weight = f.number("weight", 1.0);
  if (!(s.governor.weight > 0 && s.governor.weight <= 100)) f.fail("weight", "0..100");
  s.governor.override_by = f.text("override_by");
  s.governor.override_reason = f.text("override_reason");
  s.governor.override_at_ms = f.integer("override_at_ms");
  if (!f.error().empty()) {
    error = f.error();
    return std::nullopt;
  }
  return s;
}

std::string encode_override(const OverrideRecord& o) {
  return json::serialize(json::object{{"start", o.start},
                                      {"stop", o.stop},
                                      {"outbound", o.outbound},
                                      {"until_ms", o.until_ms},
                                      {"by", o.by},
                                      {"why", o.why}});
}

std::optional<OverrideRecord> decode_override(const std::string& text, std::string& error) {
  auto o = parse_object(text, error);
  if (!o) return std::nullopt;
  Fields f(*o);
  OverrideRecord r;
  r.start = f.number("start", -1);
  r.stop = f.number("stop", -1);
  if (!(r.start >= 0 && r.start <= 1)) f.fail("start", "0..1");
  if (!(r.stop >= 0 && r.stop <= r.start)) f.fail("stop", "0..start");
  r.outbound = f.flag("outbound", true);
  r.until_ms = f.integer("until_ms");
  r.by = f.text("by");
  r.why = f.text("why");
  if (!f.error().empty()) {
    error = f.error();
    return std::nullopt;
  }
  return r;
}

}  // namespace blendd::daemon
