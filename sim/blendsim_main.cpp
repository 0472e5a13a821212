// blendsim: runs a scenario through the real policy core and prints the figures with 95%
// confidence intervals; --exact prints the exact CTMC solution of the same model beside them.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "policy/blending_model.hpp"
#include "policy/erlang.hpp"
#include "sim/scenario.hpp"
#include "sim/simulator.hpp"
#include "sim/statistics.hpp"

using namespace blendd;

namespace {

const char* kUsage =
    "usage: blendsim SCENARIO.yaml [--replications N] [--seed S] [--csv FILE] [--json FILE] "
    "[--exact]\n";

void write_csv(const std::string& path, const std::vector<sim::IntervalRow>& rows) {
  std::ofstream out(path);
  out << "t_h,group,idle_level,smoothed_level,start_threshold,stop_threshold,dialling,"
         "inbound_waiting,inbound_offered,inbound_sl,outbound_dials,outbound_answers,outbound_"
         "abandons\n";
  for (const auto& r : rows) {
    out << r.t_h << ',' << r.group << ',' << r.idle_level << ',' << r.smoothed_level << ','
        << r.start_threshold << ',' << r.stop_threshold << ',' << (r.dialling ? 1 : 0) << ','
        << r.inbound_waiting << ',' << r.inbound_offered << ',' << r.inbound_sl << ','
        << r.outbound_dials << ',' << r.outbound_answers << ',' << r.outbound_abandons << '\n';
  }
}

struct Metric {
  const char* name;
  double sim::RunFigures::*field;
  int decimals;
};

const Metric kMetrics[] = {
    {"inbound offered", &sim::RunFigures::inbound_offered, 0},
    {"service level", &sim::RunFigures::service_level, 4},
    {"ASA (s)", &sim::RunFigures::asa_s, 2},
    {"inbound abandon rate", &sim::RunFigures::inbound_abandon_rate, 4},
    {"outbound dials", &sim::RunFigures::outbound_dials, 0},
    {"outbound live answers", &sim::RunFigures::outbound_answers, 0},
    {"outbound abandons", &sim::RunFigures::outbound_abandons, 0},
    {"outbound abandon rate", &sim::RunFigures::outbound_abandon_rate, 4},
    {"outbound connected/h", &sim::RunFigures::outbound_per_hour, 2},
    {"occupancy inbound", &sim::RunFigures::occupancy_inbound, 4},
    {"occupancy outbound", &sim::RunFigures::occupancy_outbound, 4},
    {"idle share", &sim::RunFigures::idle_share, 4},
    {"talk min per agent-hour", &sim::RunFigures::talk_min_per_agent_hour, 2},
    {"gate changes", &sim::RunFigures::gate_changes, 0},
    {"rejected events", &sim::RunFigures::rejected_events, 0},
};

void print_exact(const sim::Scenario& s) {
  if (s.core.groups.size() != 1 || s.inbound.size() != 1) {
    std::puts("exact: needs one group and one inbound stream");
    return;
  }
  const auto& g = s.core.groups[0];
  const double lambda = s.inbound[0].calls_per_hour / 3600;
  const double mu_in = 1 / s.inbound[0].handle.mean_s;
  const int agents = s.agents[0].count;
  if (s.outbound.empty()) {
    auto f = policy::erlang_c(lambda, mu_in, agents, s.core.sl_threshold_s);
    std::printf("exact (Erlang C): P(wait) %.4f  SL %.4f  ASA %.2f s\n", f.p_wait, f.service_level,
                f.asa_s);
    return;
  }
  policy::BlendingModelInput in{agents,
                                lambda,
                                mu_in,
                                1 / s.outbound[0].handle.mean_s,
                                g.reserve_agents,
                                1.0,
                                s.core.sl_threshold_s};
  auto f = policy::solve_blending_model(in);
  std::printf(
      "exact (reserve %d CTMC, %d states): P(wait) %.4f  SL %.4f  ASA %.2f s  outbound/h %.2f\n",
      g.reserve_agents, f.states, f.p_wait, f.service_level, f.asa_s, f.outbound_per_hour);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, csv, json;
  int replications = -1;
  long long seed = -1;
  bool exact = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--replications" && i + 1 < argc) {
      replications = std::atoi(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::atoll(argv[++i]);
    } else if (a == "--csv" && i + 1 < argc) {
      csv = argv[++i];
    } else if (a == "--json" && i + 1 < argc) {
      json = argv[++i];
    } else if (a == "--exact") {
      exact = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (path.empty() && a[0] != '-') {
      path = a;
    } else {
      std::cerr << "blendsim: unknown argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (path.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto loaded = sim::load_scenario_file(path);
  if (auto* errors = std::get_if<std::vector<config::ConfigError>>(&loaded)) {
    std::cerr << config::format_errors(*errors);
    return 1;
  }
  sim::Scenario scenario = std::get<sim::Scenario>(std::move(loaded));
  if (replications > 0) scenario.replications = replications;
  if (seed >= 0) scenario.seed = static_cast<std::uint64_t>(seed);

  std::vector<sim::RunFigures> runs;
  std::vector<sim::IntervalRow> rows;
  for (int r = 0; r < scenario.replications; ++r) {
    sim::Simulator simulator(scenario, scenario.seed + static_cast<std::uint64_t>(r));
    runs.push_back(simulator.run());
    if (r == 0) rows = simulator.intervals();
  }
  std::printf("scenario %s: %d replication(s) of %.2f h (warm-up %.2f h)\n", scenario.name.c_str(),
              scenario.replications, scenario.duration_h, scenario.warmup_h);
  std::ofstream json_out;
  if (!json.empty()) {
    json_out.open(json);
    json_out << "{\"scenario\":\"" << scenario.name << "\",\"replications\":" << runs.size();
  }
  for (const auto& m : kMetrics) {
    std::vector<double> xs;
    for (const auto& run : runs) xs.push_back(run.*(m.field));
    auto e = sim::estimate(xs);
    std::printf("  %-26s %s\n", m.name, sim::format_estimate(e, m.decimals).c_str());
    if (json_out)
      json_out << ",\"" << m.name << "\":{\"mean\":" << e.mean << ",\"ci95\":" << e.half_width
               << "}";
  }
  if (json_out) json_out << "}\n";
  if (!csv.empty()) write_csv(csv, rows);
  if (exact) print_exact(scenario);
  return 0;
}
