// An agent's manual dial from the desk: the number normalised with the campaign's country,
// held to the campaign's prefixes and number types, claimed in the store (DNC, another attempt
// open), confirmed right before the INVITE like any target (DNC again, the calling window), dialled
// with the campaign's caller ID, and recorded as an attempt with its result. Every refusal
// reaches the desk as dial_refused with its reason.
#include "log/log.hpp"

#include "config/country_zones.hpp"
#include "daemon/centre/call_centre.hpp"
#include "daemon/centre/refusals.hpp"
#include "desk/dial_protocol.hpp"
#include "queue/import/phone_number.hpp"

namespace blendd::daemon {

std::string CallCentre::refuse_dial(const std::string& agent, const std::string& number,
                                    const std::string& reason, const std::string& message) {
  log::info("manual dial: {} to {} refused: {} ({})", agent, number, reason, message);
  desktops_.send(agent, desk::encode_dial_refused(number, reason, message));
  settle_click_to_dial(agent, reason, message, number, "");
  if (auto phone = phone_calls_.find(agent); phone != phone_calls_.end()) {
    sip_.refuse_phone_call(phone->second, refusal_status(reason), message);
    phone_calls_.erase(phone);
  }
  return reason;
}

void CallCentre::on_phone_dialled(const sip::LegEvent& e) {
  if (phone_calls_.count(e.from) != 0) {
    sip_.refuse_phone_call(e.call, 486, "a call from this phone is already being placed");
    return;
  }
  log::info("manual dial: {}'s phone calls {}", e.from, e.to);
  phone_calls_[e.from] = e.call;
  manual_dial(e.from, {e.to, ""});
}

const config::CampaignConfig* CallCentre::manual_campaign(const std::string& agent,
                                                          const std::string& wanted,
                                                          std::string& refusal) const {
  const std::string& group = agent_group(agent);
  if (!wanted.empty()) {
    const config::CampaignConfig* c = config_.campaign(wanted);
    if (c == nullptr) refusal = "unknown_campaign";
    if (c != nullptr && c->group != group) refusal = "not_your_campaign";
    return refusal.empty() ? c : nullptr;
  }
  for (const auto& c : config_.campaigns)
    if (c.group == group) return &c;
  refusal = "no_campaign";
  return nullptr;
}

void CallCentre::settle_click_to_dial(const std::string& agent, const std::string& reason,
                                      const std::string& message, const std::string& number,
                                      const std::string& call) {
  auto waiting = dial_verdicts_.find(agent);
  if (waiting == dial_verdicts_.end()) return;
  const DialVerdict verdict = std::move(waiting->second);
  dial_verdicts_.erase(waiting);
  verdict(reason, message, number, call);
}

void CallCentre::click_to_dial(const std::string& agent, const desk::DialMessage& m,
                               DialVerdict verdict) {
  if (dial_verdicts_.count(agent) != 0)
    return verdict("in_progress", "a dial for this agent is being checked", m.number, "");
  dial_verdicts_[agent] = std::move(verdict);
  log::info("manual dial: click-to-dial for {} to {}", agent, m.number);
  manual_dial(agent, m);
}

std::string CallCentre::manual_dial(const std::string& agent, const desk::DialMessage& m) {
  const auto refuse = [&](const std::string& reason, const std::string& message) {
    return refuse_dial(agent, m.number, reason, message);
  };
  const auto index = core_.roster().find(agent);
  if (!index) return refuse("unknown_agent", "no agent " + agent);
  const auto state = core_.roster().agent(*index).state;
  if (state == policy::AgentState::logged_out)
    return refuse("not_logged_in", "log in at the desk first: the call and its result are yours");
  if (state != policy::AgentState::idle && state != policy::AgentState::not_ready) {
    return refuse("busy", std::string("finish what you are doing first (you are ") +
                              policy::to_string(state) + ")");
  }
  if (registers_phone(agent) && phone_bindings(agent).empty())
    return refuse("phone_not_registered", "your phone is not registered: it could not ring");
  std::string why;
  const config::CampaignConfig* campaign = manual_campaign(agent, m.campaign, why);
  if (campaign == nullptr) {
    return refuse(why, why == "no_campaign" ? "your group has no campaign to dial for"
                                            : "campaign '" + m.campaign + "' is not your group's");
  }
  if (!store_up_)
    return refuse("store_unavailable", "the store is not answering: nothing is dialled");
  if (config_.media.mode == config::MediaMode::relay && !media_up_)
    return refuse("media_unavailable", "the media relay is not answering: a call would be silent");
  const queue::NormalisedNumber n = queue::normalise_number(m.number, campaign->default_country);
  if (n.e164.empty()) return refuse("bad_number", n.reason);
  if (auto blocked = number_policies_[campaign->id].refusal(n.e164, n.type))
    return refuse("blocked", *blocked);
  if (held(campaign->id, n.e164) != HeldHere::no)
    return refuse("in_progress", refusal_text("in_progress"));
  const std::string zone = config::zone_for_region(n.region, campaign->default_zone);
  const std::string campaign_id = campaign->id;
  targets_.claim_manual(
      campaign_id, n.e164, zone, agent, now_ms(),
      lifetime_.guard([this, agent, campaign_id, typed = m.number, number = n.e164](
                          std::error_code ec, std::string refusal,
                          std::optional<queue::ClaimedTarget> claimed) {
        if (ec) {
          ++totals_.store_errors;
          refuse_dial(agent, typed, "store_unavailable", ec.message());
          return;
        }
        if (!claimed) {
          refuse_dial(agent, typed, refusal, refusal_text(refusal));
          return;
        }
        auto& mine = claimed_[campaign_id];
        mine[number] = *claimed;
        feed(policy::ManualDial{agent, campaign_id, {number, number}});
        if (mine.count(number) != 0) {
          // The core did not dial it (the agent took a call meanwhile, or logged out).
          targets_.release(campaign_id, *claimed, now_ms());
          mine.erase(number);
          refuse_dial(agent, typed, "busy", "you are no longer free to dial");
        }
      }));
  return {};
}

}  // namespace blendd::daemon
