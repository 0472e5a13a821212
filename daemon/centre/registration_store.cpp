#include "daemon/centre/registration_store.hpp"

#include <boost/json.hpp>

#include "log/log.hpp"
#include "queue/redis_client.hpp"

namespace blendd::daemon {

namespace json = boost::json;

std::string encode_bindings(const std::vector<sip::Binding>& bindings) {
  json::array list;
  for (const auto& b : bindings) {
    list.push_back(json::object{{"contact", b.contact},
                                {"target", b.target},
                                {"transport", b.transport},
                                {"source", b.source},
                                {"call_id", b.call_id},
                                {"cseq", b.cseq},
                                {"expires_at_ms", b.expires_at_ms},
                                {"user_agent", b.user_agent}});
  }
  return json::serialize(list);
}

std::optional<std::vector<sip::Binding>> decode_bindings(const std::string& text,
                                                         std::string& error) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    error = "not a JSON list of bindings";
    return std::nullopt;
  }
  std::vector<sip::Binding> out;
  for (const auto& item : v.as_array()) {
    const json::object* o = item.if_object();
    const auto text_of = [&](const char* key) -> const json::string* {
      const json::value* f = o != nullptr ? o->if_contains(key) : nullptr;
      return f != nullptr ? f->if_string() : nullptr;
    };
    const json::value* expires = o != nullptr ? o->if_contains("expires_at_ms") : nullptr;
    const json::value* cseq = o != nullptr ? o->if_contains("cseq") : nullptr;
    if (text_of("contact") == nullptr || text_of("target") == nullptr || expires == nullptr ||
        !expires->is_int64() || cseq == nullptr || !cseq->is_number()) {
      error = "a binding without contact, target, cseq or expires_at_ms";
      return std::nullopt;
    }
    sip::Binding b;
    b.contact = *text_of("contact");
    b.target = *text_of("target");
    if (const auto* s = text_of("transport")) b.transport = *s;
    if (const auto* s = text_of("source")) b.source = *s;
    if (const auto* s = text_of("call_id")) b.call_id = *s;
    if (const auto* s = text_of("user_agent")) b.user_agent = *s;
    b.cseq = static_cast<std::uint32_t>(cseq->to_number<double>());
    b.expires_at_ms = expires->as_int64();
    out.push_back(std::move(b));
  }
  return out;
}

RegistrationStore::RegistrationStore(queue::RedisClient& redis) : redis_(redis) {}

void RegistrationStore::save(const sip::Registration& registration) {
  const std::string agent = registration.agent;
  const std::string value =
      registration.bindings.empty() ? std::string() : encode_bindings(registration.bindings);
  (*unwritten_)[agent] = value;
  std::vector<std::string> argv = value.empty()
                                      ? std::vector<std::string>{"HDEL", kKey, agent}
                                      : std::vector<std::string>{"HSET", kKey, agent, value};
  auto done = [pending = unwritten_, agent, value](queue::RedisReply r) {
    if (r.error == queue::RedisErrc::fenced) {
      pending->erase(agent);
      return;
    }
    if (!r.ok()) {
      log::warn("registrations: {} not stored yet: {}", agent, r.error.message());
      return;
    }
    auto it = pending->find(agent);
    if (it != pending->end() && it->second == value) pending->erase(it);
  };
  if (writer_) return writer_(std::move(argv), std::move(done));
  redis_.command(std::move(argv), std::move(done));
}

void RegistrationStore::retry_unwritten() {
  std::vector<sip::Registration> again;
  for (const auto& [agent, value] : *unwritten_) {
    sip::Registration r;
    r.agent = agent;
    std::string error;
    if (!value.empty()) r.bindings = decode_bindings(value, error).value_or(r.bindings);
    again.push_back(std::move(r));
  }
  for (const auto& r : again) save(r);
}

void RegistrationStore::load(std::function<void(bool, Loaded)> done) {
  redis_.command({"HGETALL", kKey}, [done = std::move(done)](queue::RedisReply r) {
    if (!r.ok()) return done(false, {});
    Loaded loaded;
    const auto& e = r.value.elements;
    for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
      std::string error;
      if (auto bindings = decode_bindings(e[i + 1].str, error)) {
        loaded.registrations.push_back({e[i].str, std::move(*bindings), "restored"});
      } else {
        loaded.problems.push_back(std::string(kKey) + " " + e[i].str + ": " + error);
      }
    }
    done(true, std::move(loaded));
  });
}

}  // namespace blendd::daemon
