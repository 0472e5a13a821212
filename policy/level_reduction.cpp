#include "policy/level_reduction.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <utility>

namespace blendd::policy {

namespace {

// A dense row-major square or rectangular matrix.
struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<double> v;
  Matrix() = default;
  Matrix(int r, int c) : rows(r), cols(c), v(static_cast<std::size_t>(r) * c, 0.0) {}
  double& at(int r, int c) { return v[static_cast<std::size_t>(r) * cols + c]; }
  double at(int r, int c) const { return v[static_cast<std::size_t>(r) * cols + c]; }
};

// In-place Gauss-Jordan with partial pivoting (the inverse overwrites the matrix column by
// column); false if the matrix is singular.
bool invert(Matrix& m) {
  const int n = m.rows;
  std::vector<int> swapped(n);
  for (int c = 0; c < n; ++c) {
    int pivot = c;
    for (int r = c + 1; r < n; ++r) {
      if (std::abs(m.at(r, c)) > std::abs(m.at(pivot, c))) pivot = r;
    }
    swapped[c] = pivot;
    if (m.at(pivot, c) == 0) return false;
    if (pivot != c) {
      for (int k = 0; k < n; ++k) std::swap(m.at(c, k), m.at(pivot, k));
    }
    const double d = 1 / m.at(c, c);
    m.at(c, c) = 1;
    double* row_c = &m.at(c, 0);
    for (int k = 0; k < n; ++k) row_c[k] *= d;
    for (int r = 0; r < n; ++r) {
      if (r == c) continue;
      double* row_r = &m.at(r, 0);
      const double f = row_r[c];
      if (f == 0) continue;
      row_r[c] = 0;
      for (int k = 0; k < n; ++k) row_r[k] -= f * row_c[k];
    }
  }
  // Row swaps of the matrix are column swaps of its inverse, undone in reverse order.
  for (int c = n - 1; c >= 0; --c) {
    if (swapped[c] == c) continue;
    for (int r = 0; r < n; ++r) std::swap(m.at(r, c), m.at(r, swapped[c]));
  }
  return true;
}

}  // namespace

int LevelReduction::add_state(int level) {
  if (level < 0) throw std::invalid_argument("LevelReduction: negative level");
  if (static_cast<std::size_t>(level) >= levels_.size()) levels_.resize(level + 1);
  const int index = static_cast<int>(level_of_.size());
  level_of_.push_back(level);
  local_of_.push_back(static_cast<int>(levels_[level].states.size()));
  out_rate_.push_back(0);
  levels_[level].states.push_back(index);
  return index;
}

void LevelReduction::add_rate(int from, int to, double rate) {
  if (from == to || rate <= 0) return;
  const int lf = level_of_.at(from);
  const int lt = level_of_.at(to);
  Rate r{local_of_[from], local_of_[to], rate};
  if (lt == lf) {
    levels_[lf].within.push_back(r);
  } else if (lt == lf + 1) {
    levels_[lf].up.push_back(r);
  } else if (lt + 1 == lf) {
    levels_[lf].down.push_back(r);
  } else {
    throw std::invalid_argument("LevelReduction: a transition skips a level");
  }
  out_rate_[from] += rate;
}

std::vector<double> LevelReduction::solve(int pivot) const {
  const int top = static_cast<int>(levels_.size()) - 1;
  if (top < 0) return {};
  pivot = std::clamp(pivot, 0, top);
  auto size = [&](int l) { return static_cast<int>(levels_[l].states.size()); };
  // The generator's diagonal block of a level: rates within it and minus each state's total.
  auto block = [&](int l) {
    Matrix a(size(l), size(l));
    for (const Rate& r : levels_[l].within) a.at(r.from_local, r.to_local) += r.rate;
    for (int k = 0; k < size(l); ++k) a.at(k, k) -= out_rate_[levels_[l].states[k]];
    return a;
  };
  // -(the rates of `rates`, from level `from` to level `to`) times `inverse`, whose rows are
  // level `to`'s states: what carries level `from`'s probabilities over to level `to`.
  auto carry_over = [&](const std::vector<Rate>& rates, int from, const Matrix& inverse) {
    Matrix c(size(from), inverse.cols);
    for (const Rate& r : rates) {
      for (int j = 0; j < inverse.cols; ++j)
        c.at(r.from_local, j) -= r.rate * inverse.at(r.to_local, j);
    }
    return c;
  };
  // `into` += carry (rows: level l) times the rates of `rates` (from the carried-to level back
  // to level l).
  auto fold_back = [&](Matrix& into, const Matrix& carry, const std::vector<Rate>& rates) {
    for (const Rate& r : rates) {
      for (int k = 0; k < carry.rows; ++k)
        into.at(k, r.to_local) += carry.at(k, r.from_local) * r.rate;
    }
  };
  // From the top down to the pivot: pi_{l+1} = pi_l R_l with R_l = -U_l S_{l+1}^{-1},
  // S_top = A_top, S_l = A_l + R_l D_{l+1}. From the bottom up likewise: pi_{l-1} = pi_l L_l
  // with L_l = -D_l T_{l-1}^{-1}, T_0 = A_0, T_l = A_l + L_l U_{l-1}. Both meet at the pivot,
  // a level of much probability: unfolding from there never multiplies up a boundary level's
  // 1e-40 (which lost a 200-agent chain's accuracy when level 0 was the start).
  std::vector<Matrix> up(top);        // R_l, l = pivot .. top-1
  std::vector<Matrix> down(top + 1);  // L_l, l = 1 .. pivot
  Matrix s = block(top);
  for (int l = top - 1; l >= pivot; --l) {
    if (!invert(s)) return {};
    up[l] = carry_over(levels_[l].up, l, s);
    Matrix next = block(l);
    fold_back(next, up[l], levels_[l + 1].down);
    s = std::move(next);
  }
  if (pivot > 0) {
    Matrix t = block(0);
    for (int l = 1; l <= pivot; ++l) {
      if (!invert(t)) return {};
      down[l] = carry_over(levels_[l].down, l, t);
      if (l == pivot) break;
      Matrix next = block(l);
      fold_back(next, down[l], levels_[l - 1].up);
      t = std::move(next);
    }
    fold_back(s, down[pivot], levels_[pivot - 1].up);
  }
  // pi_pivot M = 0 for M = s: singular; replace the last equation (column) by a normalisation
  // and solve x M' = e_last, that is x = the last row of M'^{-1}.
  const int np = size(pivot);
  if (np == 0) return {};
  for (int k = 0; k < np; ++k) s.at(k, np - 1) = 1;
  if (!invert(s)) return {};
  std::vector<std::vector<double>> level_pi(top + 1);
  level_pi[pivot].resize(np);
  for (int k = 0; k < np; ++k) level_pi[pivot][k] = s.at(np - 1, k);
  auto apply = [](const std::vector<double>& x, const Matrix& c) {
    std::vector<double> out(c.cols, 0.0);
    for (int k = 0; k < c.rows; ++k) {
      if (x[k] == 0) continue;
      for (int j = 0; j < c.cols; ++j) out[j] += x[k] * c.at(k, j);
    }
    return out;
  };
  for (int l = pivot; l < top; ++l) level_pi[l + 1] = apply(level_pi[l], up[l]);
  for (int l = pivot; l > 0; --l) level_pi[l - 1] = apply(level_pi[l], down[l]);

  std::vector<double> pi(level_of_.size(), 0.0);
  double total = 0;
  for (int l = 0; l <= top; ++l) {
    for (int k = 0; k < size(l); ++k) {
      const double p = std::max(level_pi[l][k], 0.0);  // rounding can leave a -1e-18
      pi[levels_[l].states[k]] = p;
      total += p;
    }
  }
  if (!(total > 0) || !std::isfinite(total)) return {};
  for (double& p : pi) p /= total;
  return pi;
}

}  // namespace blendd::policy
