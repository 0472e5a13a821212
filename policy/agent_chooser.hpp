#pragma once
// Which idle agent of a group takes the next call: uniformly at random (the origin's rule) or
// the one idle longest. The random source is the core's seeded generator, so runs replay.
#include <optional>
#include <random>

#include "policy/agent_roster.hpp"
#include "policy/core_settings.hpp"

namespace blendd::policy {

class AgentChooser {
 public:
  explicit AgentChooser(std::uint64_t seed) : rng_(seed) {}
  std::optional<int> choose(const AgentRoster& roster, int group, AgentChoice rule);
  // A seeded coin, for randomised decisions that must replay with the run.
  bool coin(double p) { return std::bernoulli_distribution(p)(rng_); }

 private:
  std::mt19937_64 rng_;
};

}  // namespace blendd::policy
