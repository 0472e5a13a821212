#pragma once
// Busy/idle schedule periods of a group, read the same way from blendd.yaml, the live settings
// the API writes, and the simulator's scenarios.
#include <string>
#include <vector>

#include "config/yaml_map_reader.hpp"
#include "policy/schedule.hpp"

namespace blendd::config {

// A list of {label, kind: busy|idle, weekdays: [mon..sun], start: "HH:MM", end: "HH:MM",
// start_threshold, stop_threshold, outbound}. Every problem goes to `errors` under `path`.
std::vector<policy::SchedulePeriod> read_schedule(const YAML::Node& node, const std::string& path,
                                                  ErrorSink& errors);

}  // namespace blendd::config
