#pragma once
// The labelled corpus bench/amd/make_corpus.py writes: manifest.csv and its clips. Every third
// clip (by number) is the tuning part; the others are the reported part.
#include <cstdint>
#include <string>
#include <vector>

namespace blendd::bench {

struct Clip {
  std::string file, label, kind, codec, noise;
  int first_phrase_end_ms = -1;
  int greeting_end_ms = -1;  // machines: where the greeting (before any beep) ends
  int beep_ms = 0;
  std::vector<std::int16_t> samples;
  bool tuning = false;
};

// The clips of `dir`'s manifest, their audio read (a clip that cannot be read is left out, with
// why on stderr).
std::vector<Clip> load_corpus(const std::string& dir);

}  // namespace blendd::bench
