// The call centre's results: a disposition and questionnaire checked and stored (acknowledged only
// once Redis has it, kept and retried when it cannot), then the attempt's outcome, DNC entries,
// points for a sale and the recommendations an agent asks for.
#include "log/log.hpp"

#include "daemon/centre/call_centre.hpp"
#include "desk/agent_protocol.hpp"
#include "desk/questionnaire_validator.hpp"

namespace blendd::daemon {

std::vector<desk::FieldError> CallCentre::check_submission(const desk::SubmitMessage& m,
                                                           const std::string& campaign_id) const {
  if (!desk::known_disposition(m.disposition)) {
    return {{"disposition",
             "must be success, refused, callback, complaint, wrong_number or "
             "do_not_call (got '" +
                 m.disposition + "')"}};
  }
  if (m.disposition == "callback" && (!m.callback_ms || *m.callback_ms <= now_ms())) {
    return {{"callback_at_ms", "a callback needs a time in the future"}};
  }
  if (!m.product.empty() && config_.catalogue.product(m.product) == nullptr) {
    return {{"product", "'" + m.product + "' is not a product of the catalogue"}};
  }
  const config::QuestionnaireConfig* form = nullptr;
  if (const auto* campaign = config_.campaign(campaign_id)) {
    form = config_.catalogue.questionnaire(campaign->questionnaire);
  }
  if (form != nullptr) return desk::validate_answers(*form, m.answers);
  return {};
}

std::vector<desk::FieldError> CallCentre::submit(const std::string& agent,
                                                 const desk::SubmitMessage& m) {
  auto it = wrap_up_.find(agent);
  if (it == wrap_up_.end() || call_key(it->second.id) != m.call) {
    if (!m.attempt.empty()) return submit_after_failover(agent, m);
    return {{"call", "no call of yours awaits a result with id '" + m.call + "'"}};
  }
  ActiveCall& c = it->second;
  if (auto errors = check_submission(m, c.campaign); !errors.empty()) return errors;
  if (c.submitting) return {{"call", "a result for this call is being stored"}};
  const std::string number = c.target ? c.target->target.number : c.caller;
  const std::string list = c.campaign.empty() ? "inbound-" + c.group : c.campaign;
  std::map<std::string, std::string> fields{
      {"call", call_key(c.id)},
      {"number", number},
      {"agent", agent},
      {"disposition", m.disposition},
      {"answers", desk::encode_answers(m.answers)},
      {"at_ms", std::to_string(now_ms())},
      {"direction", c.direction == policy::Direction::inbound ? "inbound" : "outbound"},
      // What was offered (the target's own product or the campaign's), or what was sold.
      {"product", m.product.empty() ? product_of(c) : m.product}};
  if (!c.transferred_from.empty()) fields["transferred_from"] = c.transferred_from;
  if (!c.amd_cause.empty()) {
    fields["amd"] = c.amd_cause;
    fields["amd_ms"] = std::to_string(c.amd_ms);
  }
  // Acknowledged only once stored: the rest of the result (attempt outcome, DNC, points) follows
  // the stored record. If Redis cannot take it, blendd keeps it and retries when Redis answers
  // again; the agent is told it is not stored yet and may take calls meanwhile.
  c.submitting = true;
  store_submission(agent, c, m, list, std::move(fields));
  return {};
}

void CallCentre::store_submission(const std::string& agent, const ActiveCall& call,
                                  const desk::SubmitMessage& m, const std::string& list,
                                  std::map<std::string, std::string> fields) {
  targets_.store_result(
      list, fields, lifetime_.guard([this, agent, call, m, list, fields](std::error_code ec) {
        auto held = wrap_up_.find(agent);
        const bool in_wrap_up = held != wrap_up_.end() && call_key(held->second.id) == m.call;
        if (ec) {
          ++totals_.store_errors;
          log::error("results: {} of call {} not stored ({}); kept for a retry", agent, m.call,
                     ec.message());
          unstored_.push_back({agent, in_wrap_up ? held->second : call, m, list, fields});
          if (in_wrap_up) {
            wrap_up_.erase(held);
            feed(ready_after_call(agent, !call.manual_agent.empty()));
          }
          desktops_.send(agent,
                         desk::encode_error("store_unavailable",
                                            "the result is not stored yet; blendd keeps it and "
                                            "stores it when the store answers"));
          return;
        }
        ++totals_.results_stored;
        ActiveCall done = in_wrap_up ? held->second : call;
        publish_result(agent, done, fields);
        record_submission(agent, done, m);
        if (in_wrap_up) {
          wrap_up_.erase(held);
          feed(ready_after_call(agent, !call.manual_agent.empty()));
        }
      }));
}

void CallCentre::record_submission(const std::string& agent, ActiveCall& c,
                                   const desk::SubmitMessage& m) {
  const std::string number = c.target ? c.target->target.number : c.caller;
  if (m.disposition == "do_not_call") {
    // The company's list unless the campaign keeps its own (dnc_scope: campaign); inbound
    // callers' requests too: no campaign may call them again.
    const auto* campaign = config_.campaign(c.campaign);
    const std::string list = campaign != nullptr && campaign->dnc_campaign_only ? c.campaign : "";
    targets_.add_dnc(list, number);
    withdraw_number(list, number);
  }
  const bool never = m.disposition == "wrong_number" || m.disposition == "do_not_call";
  const std::string sold = m.product.empty() ? product_of(c) : m.product;  // before the target goes
  finish_attempt(c, policy::DialOutcome::answered, m.disposition, m.disposition != "callback",
                 m.disposition == "callback" ? m.callback_ms : std::nullopt, never,
                 never ? m.disposition : std::string());
  tally_result(agent, c.campaign, m.disposition, sold, c.talked_s);
  if (m.disposition == "success") award(agent, sold);
  if (!c.campaign.empty()) govern(c.campaign, m.disposition);
  desktops_.send(agent, desk::encode_submitted(m.call, m.disposition));
  if (c.recorded) {
    RecordingNote note;
    note.kind = RecordingNote::Kind::result;
    note.call = call_key(c.id);
    note.disposition = m.disposition;
    note.product = sold;
    note.answers = desk::encode_answers(m.answers);
    note_recording(std::move(note));
  }
}

std::vector<desk::FieldError> CallCentre::submit_after_failover(const std::string& agent,
                                                                const desk::SubmitMessage& m) {
  const auto* campaign = config_.campaign(m.campaign);
  if (campaign == nullptr) return {{"campaign", "no campaign '" + m.campaign + "'"}};
  if (m.number.empty()) return {{"number", "a result for an attempt names the customer's number"}};
  if (auto errors = check_submission(m, m.campaign); !errors.empty()) return errors;
  const std::string product = m.product.empty() ? campaign->product : m.product;
  std::map<std::string, std::string> fields{{"call", m.call},
                                            {"attempt", m.attempt},
                                            {"number", m.number},
                                            {"agent", agent},
                                            {"disposition", m.disposition},
                                            {"answers", desk::encode_answers(m.answers)},
                                            {"at_ms", std::to_string(now_ms())},
                                            {"direction", "outbound"},
                                            {"product", product},
                                            {"after_failover", "1"}};
  const std::string note = "result '" + m.disposition + "' registered by " + agent +
                           " after the failover (the call's node was gone)";
  // Acknowledged only once stored, like every result; not kept for a retry here — the desk
  // still shows it and sends it again.
  targets_.store_late_result(
      m.campaign, m.number, m.attempt, note, fields,
      lifetime_.guard([this, agent, m, product](std::error_code ec, bool known) {
        if (ec) {
          ++totals_.store_errors;
          desktops_.send(agent, desk::encode_error("store_unavailable",
                                                   "the result is not stored; send it again"));
          return;
        }
        if (!known) {
          desktops_.send(agent, desk::encode_error(
                                    "invalid_submission", "nothing was stored",
                                    {{"attempt", "no attempt '" + m.attempt + "' for " + m.number +
                                                     " awaits a result in " + m.campaign}}));
          return;
        }
        ++totals_.results_stored;
        log::info("results: {} registered {} for {} (attempt {} of a failed node)", agent,
                  m.disposition, m.number, m.attempt);
        if (m.disposition == "do_not_call") {
          const auto* c = config_.campaign(m.campaign);
          const std::string list = c != nullptr && c->dnc_campaign_only ? m.campaign : "";
          targets_.add_dnc(list, m.number);
          withdraw_number(list, m.number);
        }
        tally_result(agent, m.campaign, m.disposition, product, 0);
        if (m.disposition == "success") award(agent, product);
        desktops_.send(agent, desk::encode_submitted(m.call, m.disposition));
      }));
  return {};
}

void CallCentre::retry_unstored() {
  auto pending = std::move(unstored_);
  unstored_.clear();
  for (auto& u : pending) store_submission(u.agent, u.call, u.message, u.list, std::move(u.fields));
}

// The target's own product (pre-assigned to its number: a CSV column, a lead's field), else the
// campaign's.
std::string CallCentre::product_of(const ActiveCall& call) const {
  if (call.target && !call.target->target.product.empty() &&
      config_.catalogue.product(call.target->target.product) != nullptr)
    return call.target->target.product;
  const auto* campaign = config_.campaign(call.campaign);
  return campaign != nullptr ? campaign->product : std::string();
}

void CallCentre::award(const std::string& agent, const std::string& product) {
  const auto now = clock_.now();
  const int points = advisor_.award(agent, product, now);
  if (points <= 0) return;
  if (sales_observer_) sales_observer_(advisor_.month_of(now), agent, points);
  tally_.add(policy::TallyScope::agent, agent, "points", points, now);
  if (!product.empty()) tally_.add(policy::TallyScope::product, product, "points", points, now);
  const Standing s = advisor_.standing(agent, now);
  desktops_.send(agent, desk::encode_points(points, s.month_total, s.rank, s.leaders));
}

void CallCentre::restore_points(const std::string& agent, int points) {
  advisor_.restore(agent, clock_.now(), points);
}

void CallCentre::asked_about(const std::string& agent, const desk::AskedAboutMessage& m) {
  const auto offers = advisor_.associated(m.product, m.reason);
  tally_recommended(offers);
  desktops_.send(agent, desk::encode_recommendations(m.call, m.product, offers));
}

void CallCentre::tally_result(const std::string& agent, const std::string& campaign,
                              const std::string& disposition, const std::string& product,
                              double talked_s) {
  using policy::TallyScope;
  const auto now = clock_.now();
  const bool sale = disposition == "success";
  tally_.add(TallyScope::agent, agent, "results", 1, now);
  tally_.add(TallyScope::agent, agent, "disp_" + disposition, 1, now);
  if (sale) tally_.add(TallyScope::agent, agent, "sales", 1, now);
  if (!campaign.empty()) {
    tally_.add(TallyScope::campaign, campaign, "results", 1, now);
    tally_.add(TallyScope::campaign, campaign, "disp_" + disposition, 1, now);
    if (sale) tally_.add(TallyScope::campaign, campaign, "sales", 1, now);
  }
  if (product.empty()) return;
  // The product's review: calls that offered it, what they sold and how long they took.
  tally_.add(TallyScope::product, product, "results", 1, now);
  if (talked_s > 0) {
    tally_.add(TallyScope::product, product, "talks", 1, now);
    tally_.add(TallyScope::product, product, "talk_s", talked_s, now);
  }
  if (sale) {
    tally_.add(TallyScope::product, product, "sold", 1, now);
    tally_.add(TallyScope::agent, agent, "sold_" + product, 1, now);
  }
}

void CallCentre::tally_recommended(const std::vector<const config::ProductConfig*>& products) {
  for (const auto* p : products)
    if (p != nullptr)
      tally_.add(policy::TallyScope::product, p->id, "recommended", 1, clock_.now());
}

std::vector<policy::TallyRecord> CallCentre::take_tallies() {
  auto records = core_.take_tallies();
  auto own = tally_.take();
  records.insert(records.end(), std::make_move_iterator(own.begin()),
                 std::make_move_iterator(own.end()));
  return records;
}

}  // namespace blendd::daemon
