#pragma once
// The stationary distribution of a continuous-time Markov chain whose states fall into levels
// 0..L with transitions only inside a level or to a neighbouring one (a level-dependent
// quasi-birth-death process), by linear level reduction: the levels above and below a pivot
// level are folded into it block by block, the pivot is solved, and the levels are unfolded. Exact
// up to rounding, and its cost is the levels times the cube of a level's size, where an iterative
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

  // Probabilities by state index summing to 1; empty if a level's block is singular. The
  // levels are folded towards `pivot` from both ends: give one that holds much of the
  // probability (unfolding from a level of 1e-40 loses the rest's accuracy).
  std::vector<double> solve(int pivot = 0) const;

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
