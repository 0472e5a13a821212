#include "sim/distribution.hpp"

#include <cmath>
#include <limits>

namespace blendd::sim {

double Distribution::sample(std::mt19937_64& rng) const {
  switch (kind) {
    case Kind::fixed:
      return mean_s;
    case Kind::exponential:
      return std::exponential_distribution<double>(1.0 / mean_s)(rng);
    case Kind::gamma: {
      const double shape = 1.0 / (cv * cv);
      return std::gamma_distribution<double>(shape, mean_s / shape)(rng);
    }
    case Kind::lognormal: {
      const double sigma2 = std::log(1 + cv * cv);
      const double mu = std::log(mean_s) - sigma2 / 2;
      return std::lognormal_distribution<double>(mu, std::sqrt(sigma2))(rng);
    }
    case Kind::never:
      break;
  }
  return std::numeric_limits<double>::infinity();
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::fixed:
      return "fixed " + std::to_string(mean_s) + " s";
    case Kind::exponential:
      return "exponential mean " + std::to_string(mean_s) + " s";
    case Kind::gamma:
      return "gamma mean " + std::to_string(mean_s) + " s";
    case Kind::lognormal:
      return "lognormal mean " + std::to_string(mean_s) + " s";
    case Kind::never:
      return "never";
  }
  return "?";
}

}  // namespace blendd::sim
