#pragma once
// The location service of blendd's registrar (RFC 3261 §10.3): which contacts each agent's phone
// registered, until when. Pure: the gateway feeds it the REGISTER's fields and the time, and sends
// what it returns; unit-tested on simulated time.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sip/registration.hpp"

namespace blendd::sip {

struct RegistrarLimits {
  int min_expires_s = 60;    // shorter (but not 0) is refused with 423 Interval Too Brief
  int max_expires_s = 3600;  // longer is cut to this
  int default_expires_s = 600;
  int max_contacts = 3;  // per agent: a newer binding pushes out the oldest
};

struct RegisterRequest {
  std::string agent;
  std::string call_id;
  std::uint32_t cseq = 0;
  struct Contact {
    std::string uri;
    int expires_s = -1;  // its own expires parameter; -1: none
  };
  std::vector<Contact> contacts;  // empty and !wildcard: a query for the current bindings
  bool wildcard = false;          // Contact: * (with Expires: 0 removes every binding)
  int expires_header_s = -1;      // Expires header; -1: none
  std::string transport;          // udp | tcp | tls, as it arrived
  std::string source_host;
  std::uint16_t source_port = 0;
  std::string user_agent;
};

struct RegisterOutcome {
  int status = 200;
  std::string phrase = "OK";
  int min_expires_s = 0;          // 423: the Min-Expires to send
  std::vector<Binding> bindings;  // 200: every current binding of the agent
  bool changed = false;           // bindings were added, removed or moved
};

class Registrar {
 public:
  explicit Registrar(RegistrarLimits limits) : limits_(limits) {}

  RegisterOutcome apply(const RegisterRequest& r, std::int64_t now_ms);
  // Drops bindings whose time is up; returns the agents whose bindings changed.
  std::vector<std::string> expire(std::int64_t now_ms);
  // The store's copy (a start, a takeover): its bindings join those phones registered here, the
  // later expiry winning per contact; what an earlier restore brought and the copy no longer
  // holds is dropped (the other node saw it removed). Expired ones are left out. Returns the
  // agents whose bindings changed.
  std::vector<std::string> restore(const std::vector<Registration>& copy, std::int64_t now_ms);
  const std::vector<Binding>& bindings(const std::string& agent) const;
  std::size_t agents() const { return table_.size(); }

 private:
  RegistrarLimits limits_;
  std::map<std::string, std::vector<Binding>> table_;
  std::map<std::string, std::vector<std::string>> restored_;  // agent → contacts a restore brought
};

// The URI an INVITE for `contact` goes to when it registered from host:port over `transport`:
// the contact's scheme, user and parameters at that address, transport named (a TCP or TLS flow
// is reused). "" when `contact` is not a sip/sips URI.
std::string flow_target(const std::string& contact, const std::string& transport,
                        const std::string& host, std::uint16_t port);

}  // namespace blendd::sip
