#pragma once
// Random durations for the simulator's traffic models: fixed, exponential, gamma, lognormal,
// each given by its mean (and coefficient of variation for gamma and lognormal).
#include <random>
#include <string>

namespace blendd::sim {

struct Distribution {
  enum class Kind { fixed, exponential, gamma, lognormal, never };
  Kind kind = Kind::never;
  double mean_s = 0;
  double cv = 1;  // standard deviation / mean (gamma, lognormal)

  double sample(std::mt19937_64& rng) const;  // seconds; +infinity for `never`
  bool is_never() const { return kind == Kind::never; }
  std::string describe() const;
};

}  // namespace blendd::sim
