#pragma once
// JSON ↔ agent desktop messages. Every parse failure says which field and why.
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "config/blendd_config.hpp"
#include "desk/agent_messages.hpp"

namespace blendd::desk {

std::variant<AgentMessage, ProtocolError> parse_agent_message(std::string_view text);

// What the agent's desktop shows when a call is offered.
struct CallOffer {
  std::string call;
  std::string direction;  // inbound | outbound
  std::string campaign;   // outbound only
  std::string attempt;    // outbound only: the store's attempt id (a result after a failover)
  std::string group;
  std::string number;  // the customer's
  std::string name;
  std::string custom_json;  // the target's free fields, already a JSON object (or empty)
  // The customer's clocks (tz names): the target's zone, or every clock of its country; an
  // inbound caller's, the centre's. The desk's callback picker works in them.
  std::vector<std::string> time_zones;
  const config::ProductConfig* product = nullptr;
  const config::QuestionnaireConfig* questionnaire = nullptr;
  std::vector<const config::ProductConfig*> recommendations;  // touchpoint: for this customer
  std::string transferred_from;  // handed on by this agent (a blind transfer)
  std::string crm_url;           // the CRM's screen pop, filled in (empty: none)
};

// `nodes`: every node's URL (this one first): a desk whose node stops being active tries them.
// `catalogue`: every product, for the desk's clickable list; `wrap_up_s`: the group's wrap-up.
std::string encode_welcome(const std::string& agent, const std::string& group,
                           const std::vector<std::string>& nodes = {},
                           const std::vector<config::ProductConfig>& catalogue = {},
                           int wrap_up_s = 0, bool webrtc_phone = false);
// The phone in the page: phone_offer (blendd's offer: the call rings in the page) and
// phone_answer (the answer to the page's own offer after it lost its media).
std::string encode_phone_sdp(const std::string& type, const std::string& call,
                             const std::string& sdp);
std::string encode_state(const std::string& state, const std::string& reason);
std::string encode_call_offered(const CallOffer& offer);
// call_connected, call_ended (by = customer|agent|blendd), call_withdrawn
std::string encode_call_event(const std::string& type, const std::string& call,
                              const std::string& by = {});
std::string encode_submitted(const std::string& call, const std::string& disposition);
// The customer's earlier results at this centre (each a JSON object as the store keeps it;
// entries that do not parse are left out), newest first.
std::string encode_customer_history(const std::string& call,
                                    const std::vector<std::string>& entries);
// Association recommendations after the customer asked about `asked`.
std::string encode_recommendations(const std::string& call, const std::string& asked,
                                   const std::vector<const config::ProductConfig*>& offers);
// Points after a sale: this month's total, rank and the top five.
std::string encode_points(int awarded, int month_total, int rank,
                          const std::vector<std::pair<std::string, int>>& leaders);
// The answers as a JSON object (stored with the result).
std::string encode_answers(const Answers& answers);
std::string encode_error(const std::string& code, const std::string& message,
                         const std::vector<FieldError>& fields = {});

}  // namespace blendd::desk
