#pragma once
// What the history's counters mean: service level, ASA, abandon rate, handle times, occupancy,
// idle level against the thresholds, outbound per hour — read the same way from a real centre's
// history and from a replay's, so reports, the advisor and the what-if cannot differ in how they
// count. A figure with nothing to count (no calls, nobody logged in) is NaN: reports show null.
#include "policy/interval_tally.hpp"

namespace blendd::policy {

// Adds `more` to `into`, field by field.
void add_fields(TallyFields& into, const TallyFields& more);
double field(const TallyFields& f, const std::string& name);

// The share of inbound callers answered within `within_s`: answered calls whose wait is in the
// histogram at or below it (linearly within the bucket that holds it), over every caller who
// left the queue (answered, abandoned, overflowed) — as the live figures count it.
double service_level(const TallyFields& f, double within_s);

struct GroupFigureSet {
  double offered = 0, answered = 0, abandoned = 0, overflowed = 0;
  double service_level = 0;  // NaN without callers
  double asa_s = 0;          // mean wait of answered calls
  double abandon_rate = 0;   // abandoned / offered
  double dials = 0, live_answers = 0, connects = 0, outbound_abandons = 0;
  double connects_per_hour = 0;
  double answer_rate = 0;                                                 // live answers / dials
  double ring_mean_s = 0;                                                 // dial to live answer
  double outbound_abandon_rate = 0;                                       // abandons / live answers
  double aht_in_s = 0, aht_in_sd_s = 0, aht_out_s = 0, aht_out_sd_s = 0;  // talk + wrap-up
  double talk_in_s = 0, talk_out_s = 0;                                   // mean talk
  double logged_in_s = 0, idle_s = 0, on_call_s = 0, wrap_up_s = 0, not_ready_s = 0;
  double occupancy = 0;  // on calls, ringing and wrap-up over the time available (not not-ready)
  double idle_level = 0, start_threshold = 0, stop_threshold = 0;  // time-weighted means
  double gate_open_share = 0;
};
// `seconds`: the span the fields cover (for the rates per hour).
GroupFigureSet group_figure_set(const TallyFields& f, double sl_within_s, double seconds);

}  // namespace blendd::policy
