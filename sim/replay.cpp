#include "sim/replay.hpp"

#include <algorithm>
#include <cmath>

#include "policy/history_figures.hpp"
#include "sim/simulator.hpp"

namespace blendd::sim {

namespace {

using policy::field;
using policy::TallyFields;

constexpr const char* kWorking[] = {"s_idle", "s_reserved", "s_on_inbound", "s_on_outbound",
                                    "s_wrap_up"};

// A duration with the measured mean and spread: fixed when it hardly varies, else gamma.
Distribution measured(double mean_s, double sd_s) {
  Distribution d;
  d.mean_s = std::max(0.0, mean_s);
  const double cv = d.mean_s > 0 ? sd_s / d.mean_s : 0.0;
  if (!(cv > 0.05)) {
    d.kind = Distribution::Kind::fixed;
  } else {
    d.kind = Distribution::Kind::gamma;
    d.cv = std::min(cv, 3.0);
  }
  return d;
}

// Mean and standard deviation from a count, a sum and a sum of squares.
std::pair<double, double> moments(double n, double sum, double sum2) {
  if (n <= 0) return {0.0, 0.0};
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
}

double ratio(double a, double b, double otherwise) {
  return b > 0 ? a / b : otherwise;
}

}  // namespace

Scenario replay_scenario(const ReplayRequest& request) {
  Scenario s;
  s.name = "what-if " + request.group.id;
  s.replications = 1;
  s.warmup_h = 0;
  if (!request.intervals.empty()) s.epoch_s = request.intervals.front().start_s;
  s.core.groups = {request.group};
  s.core.campaigns = request.campaigns;
  s.core.history_interval_s = request.interval_s;
  s.core.history_groups_only = true;

  TallyFields all;
  std::map<std::string, TallyFields> by_campaign;
  for (const auto& m : request.intervals) {
    policy::add_fields(all, m.group);
    for (const auto& [c, f] : m.campaigns) policy::add_fields(by_campaign[c], f);
  }

  // Talk per direction with its spread; the wrap-up is what a handle time adds to the talk.
  const auto [in_talk, in_sd] =
      moments(field(all, "in_talks"), field(all, "in_talk_s"), field(all, "in_talk_s2"));
  const auto [out_talk, out_sd] =
      moments(field(all, "out_talks"), field(all, "out_talk_s"), field(all, "out_talk_s2"));
  const double handles = field(all, "in_handles") + field(all, "out_handles");
  const auto [handle, handle_sd] =
      moments(handles, field(all, "in_handle_s") + field(all, "out_handle_s"),
              field(all, "in_handle_s2") + field(all, "out_handle_s2"));
  const auto [talk, talk_sd] = moments(field(all, "in_talks") + field(all, "out_talks"),
                                       field(all, "in_talk_s") + field(all, "out_talk_s"),
                                       field(all, "in_talk_s2") + field(all, "out_talk_s2"));
  const double wrap = std::max(0.0, handle - talk);
  const double wrap_sd = std::sqrt(std::max(0.0, handle_sd * handle_sd - talk_sd * talk_sd));
  // The agent's phone: how long it rang before the agent picked up, with its spread (from an
  // older history: the seconds agents were offered calls over the offers).
  auto [answer_delay, answer_sd] =
      moments(field(all, "pickups"), field(all, "pickup_s"), field(all, "pickup_s2"));
  if (field(all, "pickups") <= 0) {
    const double offers =
        field(all, "in_answered") + field(all, "out_connects") + field(all, "offers_missed");
    answer_delay = ratio(field(all, "s_reserved"), offers, 0.0);
  }

  InboundStream in;
  in.group = request.group.id;
  in.handle = measured(in_talk > 0 ? in_talk : out_talk, in_talk > 0 ? in_sd : out_sd);
  // Exponential patience by its maximum-likelihood mean: every second callers waited (the
  // answered ones' waits are censored patience) over the callers who gave up.
  if (field(all, "in_abandoned") > 0) {
    in.patience.kind = Distribution::Kind::exponential;
    in.patience.mean_s =
        (field(all, "in_wait_s") + field(all, "in_abandon_wait_s")) / field(all, "in_abandoned");
  }

  AgentModel agents;
  agents.group = request.group.id;
  agents.wrap_up = measured(wrap, wrap_sd);
  agents.answer_delay = measured(answer_delay, answer_sd);
  // Each interval in steps of a minute: a centre that opened (or closed) within an interval
  // had its callers and agents in the staffed part of it (`level_s`), not spread over all of it.
  const double interval = static_cast<double>(request.interval_s);
  const int steps = std::max<int>(1, static_cast<int>(request.interval_s / 60));
  s.step_s = interval / steps;
  s.duration_h = interval * static_cast<double>(request.intervals.size()) / 3600.0;
  s.report_interval_min = std::max(1.0, s.duration_h * 60.0);  // the replay reads its history
  std::vector<double> open;
  for (const auto& m : request.intervals) {
    double working = 0;
    for (const char* state : kWorking) working += field(m.group, state);
    const double level = field(m.group, "level_s");
    // An older history (or a synthetic one) without level_s: staffed all along if anyone worked.
    open.push_back(working <= 0 ? 0.0 : level > 0 ? std::min(level, interval) : interval);
  }
  double most = 0;
  for (std::size_t k = 0; k < request.intervals.size(); ++k) {
    const auto& m = request.intervals[k];
    double working = 0;
    for (const char* state : kWorking) working += field(m.group, state);
    // Staffed at the end when the centre opened in it (closed before, open after), else first.
    const bool opening = open[k] < interval && (k == 0 || open[k - 1] < interval) &&
                         k + 1 < open.size() && open[k + 1] >= interval;
    const double from = opening ? interval - open[k] : 0.0;
    const double to = from + open[k];
    double agents_open = open[k] > 0 ? working / open[k] : 0.0;
    if (agents_open > 0) agents_open = std::max(0.0, agents_open + request.agents_added);
    const double rate_open = open[k] > 0 ? field(m.group, "in_offered") / open[k] : 0.0;
    // Whole agents in every open step; the fraction is one more agent for that share of the
    // interval's open time, in its first steps (not a log-in and out every minute).
    const double whole = std::floor(agents_open);
    double extra = (agents_open - whole) * open[k] / s.step_s;  // in steps of one agent
    for (int j = 0; j < steps; ++j) {
      const double a = j * s.step_s, b = a + s.step_s;
      const double share = std::max(0.0, std::min(b, to) - std::max(a, from)) / s.step_s;
      in.rate_per_step.push_back(rate_open * share * 3600.0);
      const double more = std::min(extra, share);
      extra -= more;
      const double n = whole * share + more;
      agents.staffed_per_step.push_back(n);
      most = std::max(most, std::ceil(n - 1e-9));
    }
  }
  agents.count = static_cast<int>(std::ceil(most));
  s.agents.push_back(agents);
  s.inbound.push_back(in);

  for (const auto& c : request.campaigns) {
    const TallyFields& f = by_campaign[c.id];
    const double dials = field(f, "dials");  // net of dials withdrawn
    OutboundModel o;
    o.campaign = c.id;
    o.answer_probability = ratio(field(f, "answers"), dials, 0.3);
    o.busy_probability =
        ratio(field(f, "busy") + field(f, "rejected") + field(f, "failed"), dials, 0.1);
    // Only the mean ring time is kept: a gamma with a moderate spread around it.
    o.ring.kind = Distribution::Kind::gamma;
    o.ring.mean_s = ratio(field(f, "ring_s"), field(f, "answers"), 8.0);
    o.ring.cv = 0.5;
    auto timeout = request.ring_timeout_s.find(c.id);
    o.no_answer_after_s = timeout == request.ring_timeout_s.end() ? 20.0 : timeout->second;
    const double campaign_talk = ratio(field(f, "talk_s"), field(f, "talks"), out_talk);
    o.handle = measured(campaign_talk > 0 ? campaign_talk : in_talk,
                        out_talk > 0 ? out_sd * campaign_talk / out_talk : in_sd);
    // The core abandons an answered customer without an agent (abandon_after): the customer
    // waits for that.
    s.outbound.push_back(o);
  }
  return s;
}

ReplayOutcome replay(const ReplayRequest& request, int replications,
                     const std::function<bool()>& stop) {
  ReplayOutcome out;
  const Scenario scenario = replay_scenario(request);
  for (int r = 0; r < replications; ++r) {
    if (stop && stop()) {
      out.stopped = true;
      break;
    }
    Simulator sim(scenario, request.seed + static_cast<std::uint64_t>(r) * 7919);
    if (stop) sim.stop_when(stop);
    std::map<std::int64_t, TallyFields> group;
    TallyFields total;
    sim.on_history([&](std::vector<policy::TallyRecord> records) {
      for (auto& record : records) {
        if (record.scope != policy::TallyScope::group || record.id != request.group.id) continue;
        policy::add_fields(group[record.start_s], record.fields);
        policy::add_fields(total, record.fields);
      }
    });
    sim.run();
    if (sim.stopped()) {
      out.stopped = true;
      break;
    }
    for (auto& [start, f] : group) policy::add_fields(out.group[start], f);
    out.totals.push_back(std::move(total));
    ++out.replications;
  }
  return out;
}

}  // namespace blendd::sim
