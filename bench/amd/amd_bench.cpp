// Answering-machine detection against the labelled corpus (bench/amd/make_corpus.py): blendd's
// detector beside a reference of Asterisk's app_amd with its defaults. The corpus is split by
// clip number: every third clip is the tuning part (where --grid searches blendd's parameters),
// the others are reported. A human's decision time runs from the end of their first phrase (the
// corpus knows it); a machine's from the answer. `unsure` goes to an agent (on_unsure's default),
// so it counts as right for a human and wrong for a machine.
// Usage: bench_amd CORPUS_DIR [--grid]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "amd/amd_detector.hpp"
#include "amd/greeting_end.hpp"
#include "bench/amd/asterisk_amd_reference.hpp"
#include "bench/amd/corpus.hpp"

using namespace blendd;
using bench::Clip;

namespace {

struct Outcome {
  std::string verdict;  // human, machine, unsure
  std::string cause;
  int decided_at_ms = 0;
};

Outcome run_blendd(const Clip& c, const amd::AmdParams& p) {
  amd::AmdDetector d(p);
  for (std::size_t at = 0; at + amd::AmdDetector::kFrameSamples <= c.samples.size();
       at += amd::AmdDetector::kFrameSamples) {
    if (auto v = d.frame(c.samples.data() + at, amd::AmdDetector::kFrameSamples))
      return {amd::to_string(v->kind), v->cause, v->decided_at_ms};
  }
  const auto v = d.finish();
  return {amd::to_string(v.kind), v.cause, v.decided_at_ms};
}

Outcome run_asterisk(const Clip& c) {
  bench::AsteriskAmdReference d;
  for (std::size_t at = 0; at + 160 <= c.samples.size(); at += 160) {
    if (auto v = d.frame(c.samples.data() + at, 160)) {
      std::string verdict = v->status == "HUMAN"     ? "human"
                            : v->status == "MACHINE" ? "machine"
                                                     : "unsure";
      return {verdict, v->status + "/" + v->cause, v->decided_at_ms};
    }
  }
  const auto v = d.finish();
  return {"unsure", v.status + "/" + v.cause, v.decided_at_ms};
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

struct Report {
  int n = 0, correct = 0, humans = 0, humans_as_machine = 0, machines = 0, machines_to_agent = 0;
  std::map<std::string, std::map<std::string, int>> matrix;  // truth → verdict → count
  std::map<std::string, int> causes;
  std::map<std::string, int> wrong_by_kind;
  std::vector<double> human_s, machine_s;
  double accuracy() const { return n ? 100.0 * correct / n : 0; }
  double humans_machine_pct() const { return humans ? 100.0 * humans_as_machine / humans : 0; }
};

template <class Run>
Report evaluate(const std::vector<Clip>& clips, bool tuning, Run run) {
  Report r;
  for (const auto& c : clips) {
    if (c.tuning != tuning) continue;
    const Outcome o = run(c);
    ++r.n;
    ++r.matrix[c.label][o.verdict];
    ++r.causes[o.cause];
    const bool human = c.label == "human";
    const bool right = human ? o.verdict != "machine" : o.verdict == "machine";
    if (right) {
      ++r.correct;
    } else {
      ++r.wrong_by_kind[c.label + "/" + c.kind];
      if (std::getenv("AMD_VERBOSE") != nullptr)
        std::printf("  wrong: %s (%s, %s, noise %s) → %s at %.2f s\n", c.file.c_str(),
                    c.codec.c_str(), c.kind.c_str(), c.noise.c_str(), o.cause.c_str(),
                    o.decided_at_ms / 1000.0);
    }
    if (human) {
      ++r.humans;
      if (o.verdict == "machine") ++r.humans_as_machine;
      if (o.verdict == "human")
        r.human_s.push_back((o.decided_at_ms - c.first_phrase_end_ms) / 1000.0);
    } else {
      ++r.machines;
      if (o.verdict != "machine") ++r.machines_to_agent;
      if (o.verdict == "machine") r.machine_s.push_back(o.decided_at_ms / 1000.0);
    }
  }
  return r;
}

void print(const char* name, const Report& r) {
  std::printf("\n%s: %d clips\n", name, r.n);
  std::printf("  truth \\ verdict     human  machine  unsure\n");
  for (const char* t : {"human", "machine"}) {
    auto m = r.matrix.count(t) ? r.matrix.at(t) : std::map<std::string, int>{};
    std::printf("  %-18s %6d %8d %7d\n", t, m["human"], m["machine"], m["unsure"]);
  }
  std::printf(
      "  accuracy %.1f%%, humans called machines %.1f%% (%d of %d), machines to an agent %d of "
      "%d\n",
      r.accuracy(), r.humans_machine_pct(), r.humans_as_machine, r.humans, r.machines_to_agent,
      r.machines);
  std::printf(
      "  human decision after their first phrase: p50 %.2f s, p95 %.2f s (%zu decided human)\n",
      pct(r.human_s, 0.5), pct(r.human_s, 0.95), r.human_s.size());
  std::printf("  machine decision after answer: p50 %.2f s, p95 %.2f s\n", pct(r.machine_s, 0.5),
              pct(r.machine_s, 0.95));
  std::printf("  causes:");
  for (const auto& [k, v] : r.causes) std::printf(" %s %d;", k.c_str(), v);
  std::printf("\n  wrong by kind:");
  for (const auto& [k, v] : r.wrong_by_kind) std::printf(" %s %d;", k.c_str(), v);
  std::printf("\n");
}

// Voicemail drop: from a machine verdict on, when would the message start, against the greeting's
// real end (its beep's end when it has one)? Early means the message's start is lost.
void voicemail(const std::vector<Clip>& clips, const amd::AmdParams& p) {
  std::vector<double> late_beep, late_silence;
  int early = 0, n = 0;
  std::map<std::string, int> causes;
  for (const auto& c : clips) {
    if (c.tuning || c.label != "machine" || c.kind == "announcement") continue;
    amd::AmdDetector d(p);
    std::size_t at = 0;
    bool machine = false;
    for (; at + 160 <= c.samples.size(); at += 160) {
      if (auto v = d.frame(c.samples.data() + at, 160)) {
        machine = v->kind == amd::AmdKind::machine;
        at += 160;
        break;
      }
    }
    if (!machine) continue;
    amd::GreetingEndDetector g(p);
    const int started_ms = static_cast<int>(at / 8);
    for (; at + 160 <= c.samples.size(); at += 160) {
      if (auto e = g.frame(c.samples.data() + at, 160)) {
        ++n;
        ++causes[e->cause];
        const int end_ms = started_ms + e->at_ms;
        const int truth = c.greeting_end_ms + c.beep_ms;
        if (end_ms < truth) ++early;
        (c.beep_ms > 0 ? late_beep : late_silence).push_back((end_ms - truth) / 1000.0);
        break;
      }
    }
  }
  std::printf("\nvoicemail drop (reported part, machines decided machine): %d greetings\n", n);
  std::printf("  message starts after the beep's end: p50 %.2f s, p95 %.2f s (%zu with a beep)\n",
              pct(late_beep, 0.5), pct(late_beep, 0.95), late_beep.size());
  std::printf("  after a greeting without one: p50 %.2f s, p95 %.2f s (%zu)\n",
              pct(late_silence, 0.5), pct(late_silence, 0.95), late_silence.size());
  std::printf("  started before the greeting was over: %d; by:", early);
  for (const auto& [k, v] : causes) std::printf(" %s %d;", k.c_str(), v);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_amd CORPUS_DIR [--grid]\n");
    return 2;
  }
  const auto clips = bench::load_corpus(argv[1]);
  if (clips.empty()) {
    std::fprintf(stderr, "no clips in %s (make them with bench/amd/make_corpus.py)\n", argv[1]);
    return 1;
  }
  amd::AmdParams params;
  if (argc > 2 && std::string(argv[2]) == "--grid") {
    // On the tuning part only: the fewest humans called machines, then accuracy, then speed.
    double best_score = -1e9;
    for (int greeting : {2200, 2600, 3000, 3400, 3800})
      for (int after : {500, 600, 700, 800, 900})
        for (double margin : {6.0, 9.0, 12.0})
          for (int words : {6, 8, 10}) {
            amd::AmdParams p;
            p.greeting_ms = greeting;
            p.after_greeting_silence_ms = after;
            p.noise_margin_db = margin;
            p.max_words = words;
            const Report r = evaluate(clips, true, [&](const Clip& c) { return run_blendd(c, p); });
            const double score = -10 * std::max(0.0, r.humans_machine_pct() - 1.0) + r.accuracy() -
                                 2 * pct(r.human_s, 0.5);
            if (score > best_score) {
              best_score = score;
              params = p;
              std::printf(
                  "grid: greeting %d after %d margin %.0f words %d: accuracy %.1f%% "
                  "humans->machine %.1f%% human p50 %.2f s\n",
                  greeting, after, margin, words, r.accuracy(), r.humans_machine_pct(),
                  pct(r.human_s, 0.5));
            }
          }
  }
  std::printf(
      "blendd: greeting %d ms, after-greeting silence %d ms, noise margin %.0f dB, max words %d, "
      "initial silence %d ms\n",
      params.greeting_ms, params.after_greeting_silence_ms, params.noise_margin_db,
      params.max_words, params.initial_silence_ms);
  print("blendd, tuning part",
        evaluate(clips, true, [&](const Clip& c) { return run_blendd(c, params); }));
  print("asterisk defaults, reported part", evaluate(clips, false, run_asterisk));
  const Report r = evaluate(clips, false, [&](const Clip& c) { return run_blendd(c, params); });
  print("blendd, reported part", r);
  voicemail(clips, params);
  std::printf(
      "amd: %d clips, accuracy %.1f%%, humans called machines %.1f%%, human decision p50 %.2f s "
      "p95 %.2f s, machine decision p50 %.2f s\n",
      r.n, r.accuracy(), r.humans_machine_pct(), pct(r.human_s, 0.5), pct(r.human_s, 0.95),
      pct(r.machine_s, 0.5));
  return 0;
}
