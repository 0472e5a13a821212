// integrations: the CRM webhooks and the window of the event stream they resume from.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include "config/http_url.hpp"
#include "config/section_readers.hpp"

namespace blendd::config {

namespace {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// The event types a webhook may name (prefixes of them: "call." is every call event).
bool known_event_prefix(const std::string& prefix) {
  static const char* kTypes[] = {
      "call.queued",       "call.answered",  "call.amd",         "call.offered",  "call.connected",
      "call.ended",        "call.abandoned", "call.transferred", "call.failed",   "agent.state",
      "result.registered", "campaign.run",   "settings.changed", "target.planned"};
  if (prefix.empty()) return false;
  for (const char* t : kTypes) {
    if (std::string(t).rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::string read_secret_file(const std::string& path, std::string& reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = "cannot read '" + path + "'";
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void read_webhook(const YAML::Node& node, const std::string& path, ErrorSink& errors,
                  WebhookConfig& w) {
  YamlMapReader r(node, path, errors);
  w.id = r.string("id", Need::required).value_or("");
  if (!w.id.empty() && !valid_id(w.id)) {
    errors.add(r.child("id", Need::optional).Mark(), path + ".id",
               "must be 1-40 of a-z, 0-9, _ and - (got '" + w.id + "')");
  }
  w.url = r.string("url", Need::required).value_or("");
  if (!w.url.empty()) {
    std::string reason;
    parse_http_url(w.url, reason);
    if (!reason.empty()) errors.add(r.child("url", Need::optional).Mark(), path + ".url", reason);
  }
  auto secret = r.string("secret", Need::optional);
  auto secret_file = r.string("secret_file", Need::optional);
  const YAML::Mark secret_mark =
      mark_of(r.child(secret ? "secret" : "secret_file", Need::optional), r.mark());
  if (secret && secret_file) {
    errors.add(secret_mark, path + ".secret", "give secret or secret_file, not both");
  } else if (!secret && !secret_file) {
    errors.add(r.mark(), path + ".secret",
               "is required (or secret_file): every delivery is signed with it");
  } else {
    std::string reason;
    w.secret = secret ? *secret : read_secret_file(*secret_file, reason);
    if (!reason.empty()) {
      errors.add(secret_mark, path + ".secret_file", reason);
    } else if (w.secret.size() < 16) {
      errors.add(secret_mark, path + (secret ? ".secret" : ".secret_file"),
                 "must be at least 16 characters (got " + std::to_string(w.secret.size()) + ")");
    }
  }
  if (auto events = r.string_list("events", Need::optional)) {
    for (std::size_t i = 0; i < events->size(); ++i) {
      if (!known_event_prefix((*events)[i])) {
        errors.add(r.child("events", Need::optional)[i].Mark(),
                   path + ".events[" + std::to_string(i) + "]",
                   "names no event type (docs/events.md; got '" + (*events)[i] + "')");
      }
    }
    w.events = *events;
  }
  if (auto v = r.integer("max_age_s", Need::optional, 1, 30 * 86400)) w.max_age_s = int(*v);
  if (auto v = r.integer("timeout_s", Need::optional, 1, 120)) w.timeout_s = int(*v);
  if (YAML::Node retry = r.child("retry_s", Need::optional); retry.IsDefined()) {
    if (!retry.IsSequence() || retry.size() == 0) {
      errors.add(retry.Mark(), path + ".retry_s", "must be a list of seconds, e.g. [5, 30, 120]");
    } else {
      w.retry_s.clear();
      for (std::size_t i = 0; i < retry.size(); ++i) {
        long long s = 0;
        if (!retry[i].IsScalar() || !YAML::convert<long long>::decode(retry[i], s) || s < 1 ||
            s > 86400) {
          errors.add(retry[i].Mark(), path + ".retry_s[" + std::to_string(i) + "]",
                     "must be a whole number of seconds 1-86400");
          continue;
        }
        w.retry_s.push_back(static_cast<int>(s));
      }
    }
  }
  if (auto ca = r.string("ca_file", Need::optional)) {
    w.ca_file = *ca;
    if (::access(ca->c_str(), R_OK) != 0) {
      errors.add(r.child("ca_file", Need::optional).Mark(), path + ".ca_file",
                 "cannot read '" + *ca + "'");
    }
  }
}

}  // namespace

void read_integrations(const YAML::Node& node, ErrorSink& errors, IntegrationsConfig& out) {
  YamlMapReader r(node, "integrations", errors);
  if (auto v = r.integer("events_kept", Need::optional, 1000, 10000000)) out.events_kept = int(*v);
  if (auto v = r.integer("events_max_age_h", Need::optional, 1, 24 * 90))
    out.events_max_age_h = int(*v);
  YAML::Node hooks = r.child("webhooks", Need::optional);
  if (!hooks.IsDefined()) return;
  if (!hooks.IsSequence()) {
    errors.add(hooks.Mark(), "integrations.webhooks", "must be a list");
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < hooks.size(); ++i) {
    const std::string path = "integrations.webhooks[" + std::to_string(i) + "]";
    WebhookConfig w;
    read_webhook(hooks[i], path, errors, w);
    if (!w.id.empty() && !ids.insert(w.id).second) {
      errors.add(hooks[i]["id"].Mark(), path + ".id", "'" + w.id + "' is used twice");
    }
    out.webhooks.push_back(std::move(w));
  }
}

}  // namespace blendd::config
