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

std::vector<double> LevelReduction::solve() const {
  const int top = static_cast<int>(levels_.size()) - 1;
  if (top < 0) return {};
  auto size = [&](int l) { return static_cast<int>(levels_[l].states.size()); };
  // The generator's diagonal block of a level: rates within it and minus each state's total.
  auto block = [&](int l) {
    Matrix a(size(l), size(l));
    for (const Rate& r : levels_[l].within) a.at(r.from_local, r.to_local) += r.rate;
    for (int k = 0; k < size(l); ++k) a.at(k, k) -= out_rate_[levels_[l].states[k]];
    return a;
  };
  // pi_l S_l = -pi_{l-1} U_{l-1} with S_top = A_top and S_l = A_l + R_l D_{l+1}, where
  // R_l = -U_l S_{l+1}^{-1} carries level l's probabilities up: pi_{l+1} = pi_l R_l.
  std::vector<Matrix> carry;  // R_l for l = top-1 .. 0, in that order
  carry.reserve(top);
  Matrix s = block(top);
  for (int l = top - 1; l >= 0; --l) {
    if (!invert(s)) return {};
    const int n = size(l);
    const int m = size(l + 1);
    Matrix r(n, m);
    for (const Rate& u : levels_[l].up) {
      for (int j = 0; j < m; ++j) r.at(u.from_local, j) -= u.rate * s.at(u.to_local, j);
    }
    Matrix next = block(l);
    for (const Rate& d : levels_[l + 1].down) {
      for (int k = 0; k < n; ++k) next.at(k, d.to_local) += r.at(k, d.from_local) * d.rate;
    }
    carry.push_back(std::move(r));
    s = std::move(next);
  }
  // pi_0 S_0 = 0: S_0's columns sum to a singular system; replace the last equation (column)
  // by a normalisation and solve x M = e_last, that is x = last row of M^{-1}.
  const int n0 = size(0);
  for (int k = 0; k < n0; ++k) s.at(k, n0 - 1) = 1;
  if (!invert(s)) return {};
  std::vector<double> level_pi(n0);
  for (int k = 0; k < n0; ++k) level_pi[k] = s.at(n0 - 1, k);

  std::vector<double> pi(level_of_.size(), 0.0);
  double total = 0;
  for (int l = 0;; ++l) {
    for (int k = 0; k < size(l); ++k) {
      const double p = std::max(level_pi[k], 0.0);  // rounding can leave a -1e-18
      pi[levels_[l].states[k]] = p;
      total += p;
    }
    if (l == top) break;
    const Matrix& r = carry[top - 1 - l];
    std::vector<double> next(size(l + 1), 0.0);
    for (int k = 0; k < r.rows; ++k) {
      if (level_pi[k] == 0) continue;
      for (int j = 0; j < r.cols; ++j) next[j] += level_pi[k] * r.at(k, j);
    }
    level_pi = std::move(next);
  }
  if (!(total > 0) || !std::isfinite(total)) return {};
  for (double& p : pi) p /= total;
  return pi;
}

}  // namespace blendd::policy
