#include "sip/registrar.hpp"

#include <algorithm>

namespace blendd::sip {

namespace {

std::string bare_uri(std::string uri) {
  const auto lt = uri.find('<');
  if (lt != std::string::npos) {
    const auto gt = uri.find('>', lt);
    uri = uri.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
  }
  return uri;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

std::string flow_target(const std::string& contact, const std::string& transport,
                        const std::string& host, std::uint16_t port) {
  const std::string uri = bare_uri(contact);
  const auto colon = uri.find(':');
  if (colon == std::string::npos) return {};
  const std::string scheme = lower(uri.substr(0, colon));
  if (scheme != "sip" && scheme != "sips") return {};
  std::string rest = uri.substr(colon + 1);
  const auto headers = rest.find('?');
  if (headers != std::string::npos) rest.resize(headers);  // never copied into our request
  const auto params_at = rest.find(';');
  const std::string hostport = rest.substr(0, params_at);
  const std::string params = params_at == std::string::npos ? "" : rest.substr(params_at);
  const auto at = hostport.rfind('@');
  const std::string user = at == std::string::npos ? "" : hostport.substr(0, at + 1);
  std::string out = scheme + ":" + user;
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ":" + std::to_string(port);
  // The contact's parameters but its transport: the flow's is the one that reaches the phone.
  std::size_t i = 0;
  while (i < params.size()) {
    std::size_t next = params.find(';', i + 1);
    if (next == std::string::npos) next = params.size();
    const std::string param = params.substr(i, next - i);
    if (lower(param).rfind(";transport=", 0) != 0) out += param;
    i = next;
  }
  if (transport != "udp" && !(scheme == "sips" && transport == "tls"))
    out += ";transport=" + transport;
  return out;
}

RegisterOutcome Registrar::apply(const RegisterRequest& r, std::int64_t now_ms) {
  RegisterOutcome out;
  auto& list = table_[r.agent];
  const auto answer = [&] {
    out.bindings = list;
    if (list.empty()) table_.erase(r.agent);
    return out;
  };
  if (r.wildcard) {
    if (!r.contacts.empty() || r.expires_header_s != 0) {
      out.status = 400;
      out.phrase = "Contact: * only with Expires: 0 and no other contact";
      return answer();
    }
    out.changed = !list.empty();
    list.clear();
    return answer();
  }
  for (const auto& b : list) {
    if (b.call_id == r.call_id && r.cseq <= b.cseq && !r.contacts.empty()) {
      // RFC 3261 §10.3 step 7: an older or repeated request of the same phone changes nothing.
      out.status = 500;
      out.phrase = "CSeq not higher than the binding's";
      return answer();
    }
  }
  struct Wanted {
    std::string uri;
    int expires_s;
  };
  std::vector<Wanted> wanted;
  for (const auto& c : r.contacts) {
    int expires = c.expires_s >= 0          ? c.expires_s
                  : r.expires_header_s >= 0 ? r.expires_header_s
                                            : limits_.default_expires_s;
    if (expires > 0 && expires < limits_.min_expires_s) {
      out.status = 423;
      out.phrase = "Interval Too Brief";
      out.min_expires_s = limits_.min_expires_s;
      return answer();
    }
    expires = std::min(expires, limits_.max_expires_s);
    wanted.push_back({bare_uri(c.uri), expires});
  }
  const bool adds =
      std::any_of(wanted.begin(), wanted.end(), [](const Wanted& w) { return w.expires_s > 0; });
  const std::size_t before = list.size();
  std::vector<Binding> old = list;
  // One phone, one Call-ID: a binding it no longer names is replaced (a phone that moved to a
  // new address is not also rung at the old one).
  if (adds) {
    std::erase_if(list, [&](const Binding& b) {
      return b.call_id == r.call_id &&
             std::none_of(wanted.begin(), wanted.end(),
                          [&](const Wanted& w) { return w.uri == b.contact; });
    });
  }
  for (const auto& w : wanted) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const Binding& b) { return b.contact == w.uri; });
    if (w.expires_s == 0) {
      if (it != list.end()) list.erase(it);
      continue;
    }
    const std::string target = flow_target(w.uri, r.transport, r.source_host, r.source_port);
    if (target.empty()) {
      out.status = 400;
      out.phrase = "Contact is not a sip or sips URI";
      list = old;
      return answer();
    }
    Binding b;
    b.contact = w.uri;
    b.target = target;
    b.transport = r.transport;
    b.source =
        (r.source_host.find(':') != std::string::npos ? "[" + r.source_host + "]" : r.source_host) +
        ":" + std::to_string(r.source_port);
    b.call_id = r.call_id;
    b.cseq = r.cseq;
    b.expires_at_ms = now_ms + static_cast<std::int64_t>(w.expires_s) * 1000;
    b.user_agent = r.user_agent;
    if (auto r_it = restored_.find(r.agent); r_it != restored_.end())
      std::erase(r_it->second, w.uri);
    if (it != list.end()) {
      *it = std::move(b);
    } else {
      list.push_back(std::move(b));
    }
  }
  while (static_cast<int>(list.size()) > limits_.max_contacts) {
    // The binding refreshed longest ago goes first (it ends soonest).
    auto oldest = std::min_element(
        list.begin(), list.end(),
        [](const Binding& a, const Binding& b) { return a.expires_at_ms < b.expires_at_ms; });
    list.erase(oldest);
  }
  out.changed = list.size() != before;
  for (std::size_t i = 0; !out.changed && i < list.size(); ++i) {
    out.changed = list[i].contact != old[i].contact || list[i].target != old[i].target;
  }
  return answer();
}

std::vector<std::string> Registrar::expire(std::int64_t now_ms) {
  std::vector<std::string> changed;
  for (auto it = table_.begin(); it != table_.end();) {
    const auto n =
        std::erase_if(it->second, [&](const Binding& b) { return b.expires_at_ms <= now_ms; });
    if (n > 0) changed.push_back(it->first);
    it = it->second.empty() ? table_.erase(it) : std::next(it);
  }
  return changed;
}

std::vector<std::string> Registrar::restore(const std::vector<Registration>& copy,
                                            std::int64_t now_ms) {
  std::map<std::string, const Registration*> by_agent;
  for (const auto& r : copy) by_agent[r.agent] = &r;
  std::vector<std::string> agents;
  for (const auto& [agent, list] : table_) agents.push_back(agent);
  for (const auto& [agent, r] : by_agent)
    if (!table_.count(agent)) agents.push_back(agent);
  std::vector<std::string> changed;
  for (const auto& agent : agents) {
    std::vector<Binding> list = table_.count(agent) ? table_[agent] : std::vector<Binding>{};
    const std::vector<Binding> before = list;
    auto& brought = restored_[agent];
    // What an earlier restore brought goes unless this copy still holds it.
    std::erase_if(list, [&](const Binding& b) {
      return std::find(brought.begin(), brought.end(), b.contact) != brought.end();
    });
    brought.clear();
    if (auto it = by_agent.find(agent); it != by_agent.end()) {
      for (const auto& b : it->second->bindings) {
        if (b.expires_at_ms <= now_ms) continue;
        auto mine = std::find_if(list.begin(), list.end(),
                                 [&](const Binding& x) { return x.contact == b.contact; });
        if (mine != list.end() && mine->expires_at_ms >= b.expires_at_ms) continue;
        if (mine != list.end()) list.erase(mine);
        list.push_back(b);
        brought.push_back(b.contact);
      }
    }
    if (brought.empty()) restored_.erase(agent);
    bool differs = list.size() != before.size();
    for (std::size_t i = 0; !differs && i < list.size(); ++i)
      differs = list[i].contact != before[i].contact || list[i].target != before[i].target ||
                list[i].expires_at_ms != before[i].expires_at_ms;
    if (differs) changed.push_back(agent);
    if (list.empty()) {
      table_.erase(agent);
    } else {
      table_[agent] = std::move(list);
    }
  }
  return changed;
}

const std::vector<Binding>& Registrar::bindings(const std::string& agent) const {
  static const std::vector<Binding> none;
  auto it = table_.find(agent);
  return it == table_.end() ? none : it->second;
}

}  // namespace blendd::sip
