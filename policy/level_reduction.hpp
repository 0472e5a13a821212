#pragma once
// The stationary distribution of a continuous-time Markov chain whose states fall into levels
// 0..L with transitions only inside a level or to a neighbouring one (a level-dependent
// quasi-birth-death process), by linear level reduction: the top levels are folded into the ones
// below them block by block, level 0 is solved, and the levels are unfolded upwards. Exact up to
// rounding, and its cost is the levels times the cube of a level's size, where an iterative
// solve's is the states times the iterations a slow-mixing chain needs.

#include <vector>

namespace blendd::policy {

class LevelReduction {
 public:
  // A state at `level` (levels need not be added in order); returns its index.
  int add_state(int level);
  // A transition rate from one state to another; self-loops are ignored. The states' levels
  // must differ by at most one (a programmer error otherwise: std::invalid_argument).
  void add_rate(int from, int to, double rate);

  // Probabilities by state index summing to 1; empty if a level's block is singular.
  std::vector<double> solve() const;

 private:
  struct Rate {
    int from_local;
    int to_local;
    double rate;
  };
  struct Level {
    std::vector<int> states;  // state indices, by local index
    std::vector<Rate> within, up, down;
  };

  std::vector<int> level_of_;
  std::vector<int> local_of_;
  std::vector<double> out_rate_;
  std::vector<Level> levels_;
};

}  // namespace blendd::policy
