#include "daemon/centre/startup_restore.hpp"

namespace blendd::daemon {

void StartupRestore::add(std::string name, Step step) {
  state_->entries.push_back(Entry{std::move(name), std::move(step)});
}

void StartupRestore::run() {
  bool started = false;
  for (std::size_t i = 0; i < state_->entries.size(); ++i) {
    Entry& e = state_->entries[i];
    if (e.done || e.in_flight) continue;
    e.in_flight = true;
    started = true;
    // The step may answer at once: the entry is found again by index, never by reference.
    e.step([state = state_, i, generation = state_->generation](bool ok) {
      Entry& entry = state->entries[i];
      entry.in_flight = false;
      if (generation == state->generation) entry.done = entry.done || ok;
    });
  }
  if (started) ++state_->attempts;
}

void StartupRestore::again() {
  ++state_->generation;
  for (auto& e : state_->entries) e.done = false;
}

bool StartupRestore::done() const {
  for (const auto& e : state_->entries)
    if (!e.done) return false;
  return true;
}

std::vector<std::string> StartupRestore::pending() const {
  std::vector<std::string> out;
  for (const auto& e : state_->entries)
    if (!e.done) out.push_back(e.name);
  return out;
}

int StartupRestore::attempts() const {
  return state_->attempts;
}

}  // namespace blendd::daemon
