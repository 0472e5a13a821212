#include "policy/history_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace blendd::policy {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

double ratio(double a, double b) {
  return b > 0 ? a / b : kNone;
}

double spread(double n, double sum, double sum2) {
  if (n < 2) return n > 0 ? 0.0 : kNone;
  const double mean = sum / n;
  return std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1)));
}

}  // namespace

void add_fields(TallyFields& into, const TallyFields& more) {
  for (const auto& [k, v] : more) into[k] += v;
}

double field(const TallyFields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? 0.0 : it->second;
}

double service_level(const TallyFields& f, double within_s) {
  const double left =
      field(f, "in_answered") + field(f, "in_abandoned") + field(f, "in_overflowed");
  if (left <= 0) return kNone;
  double within = 0;
  double lower = 0;
  for (int bound : kWaitBounds) {
    const double n = field(f, "in_wait_le_" + std::to_string(bound));
    if (within_s >= bound) {
      within += n;
    } else {
      if (within_s > lower) within += n * (within_s - lower) / (bound - lower);
      return within / left;
    }
    lower = bound;
  }
  // Beyond the last bound: the waits over it are not split further.
  return within / left;
}

GroupFigureSet group_figure_set(const TallyFields& f, double sl_within_s, double seconds) {
  GroupFigureSet g;
  g.offered = field(f, "in_offered");
  g.answered = field(f, "in_answered");
  g.abandoned = field(f, "in_abandoned");
  g.overflowed = field(f, "in_overflowed");
  g.service_level = service_level(f, sl_within_s);
  g.asa_s = ratio(field(f, "in_wait_s"), g.answered);
  g.abandon_rate = ratio(g.abandoned, g.offered);
  g.dials = field(f, "out_dials");
  g.live_answers = field(f, "out_answers");
  g.connects = field(f, "out_connects");
  g.outbound_abandons = field(f, "out_abandons");
  g.connects_per_hour = ratio(g.connects * 3600, seconds);
  g.answer_rate = ratio(g.live_answers, g.dials);
  g.ring_mean_s = ratio(field(f, "out_ring_s"), g.live_answers);
  g.outbound_abandon_rate = ratio(g.outbound_abandons, g.live_answers);
  const double in_n = field(f, "in_handles"), out_n = field(f, "out_handles");
  g.aht_in_s = ratio(field(f, "in_handle_s"), in_n);
  g.aht_in_sd_s = spread(in_n, field(f, "in_handle_s"), field(f, "in_handle_s2"));
  g.aht_out_s = ratio(field(f, "out_handle_s"), out_n);
  g.aht_out_sd_s = spread(out_n, field(f, "out_handle_s"), field(f, "out_handle_s2"));
  g.talk_in_s = ratio(field(f, "in_talk_s"), field(f, "in_talks"));
  g.talk_out_s = ratio(field(f, "out_talk_s"), field(f, "out_talks"));
  g.idle_s = field(f, "s_idle");
  g.wrap_up_s = field(f, "s_wrap_up");
  g.not_ready_s = field(f, "s_not_ready");
  g.on_call_s = field(f, "s_on_inbound") + field(f, "s_on_outbound");
  const double ringing = field(f, "s_reserved");
  g.logged_in_s = g.idle_s + g.wrap_up_s + g.not_ready_s + g.on_call_s + ringing;
  g.occupancy = ratio(g.on_call_s + ringing + g.wrap_up_s, g.logged_in_s - g.not_ready_s);
  const double level_s = field(f, "level_s");
  g.idle_level = ratio(field(f, "level_x_s"), level_s);
  g.start_threshold = ratio(field(f, "start_x_s"), level_s);
  g.stop_threshold = ratio(field(f, "stop_x_s"), level_s);
  g.gate_open_share = ratio(field(f, "gate_open_s"), level_s);
  return g;
}

}  // namespace blendd::policy
