#pragma once
// A registered agent phone, as plain values: what the registrar keeps, the store saves and the API
// shows.
#include <cstdint>
#include <string>
#include <vector>

namespace blendd::sip {

struct Binding {
  std::string contact;  // the Contact URI as the phone sent it
  // Where INVITEs for this phone go: the contact's user and parameters at the address and over
  // the transport its REGISTER came from (a phone behind NAT is reached through its binding).
  std::string target;
  std::string transport;  // udp | tcp | tls
  std::string source;     // host:port the REGISTER came from
  std::string call_id;
  std::uint32_t cseq = 0;
  std::int64_t expires_at_ms = 0;  // Unix time in ms
  std::string user_agent;
};

// What the call centre hands connect_agent for an agent whose phone registers: the gateway rings
// every phone the agent has registered (first to answer wins, the others are cancelled).
inline std::string registered_uri(const std::string& agent) {
  return "registered:" + agent;
}
constexpr const char* kRegisteredPrefix = "registered:";

struct Registration {
  std::string agent;
  std::vector<Binding> bindings;  // empty: not registered (expired or removed)
  std::string cause;              // registered | refreshed | removed | expired | restored
};

}  // namespace blendd::sip
