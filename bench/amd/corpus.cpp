#include "bench/amd/corpus.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/amd/wav_clip.hpp"

namespace blendd::bench {

std::vector<Clip> load_corpus(const std::string& dir) {
  std::vector<Clip> clips;
  std::ifstream in(dir + "/manifest.csv");
  std::string line;
  std::getline(in, line);
  auto chomp = [](std::string& l) {
    if (!l.empty() && l.back() == '\r') l.pop_back();  // Python's csv writes CRLF
  };
  chomp(line);
  std::vector<std::string> header;
  for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  int index = 0;
  while (std::getline(in, line)) {
    chomp(line);
    std::map<std::string, std::string> f;
    std::stringstream s(line);
    std::string cell;
    for (std::size_t i = 0; std::getline(s, cell, ','); ++i)
      if (i < header.size()) f[header[i]] = cell;
    Clip c{f["file"],
           f["label"],
           f["kind"],
           f["codec"],
           f["noise"],
           std::atoi(f["first_phrase_end_ms"].c_str()),
           std::atoi(f["greeting_end_ms"].c_str()),
           std::atoi(f["beep_ms"].c_str()),
           {},
           index % 3 == 0};
    std::string error;
    c.samples = bench::read_wav_8k(dir + "/" + c.file, error);
    if (!error.empty()) {
      std::fprintf(stderr, "%s\n", error.c_str());
      continue;
    }
    clips.push_back(std::move(c));
    ++index;
  }
  return clips;
}

}  // namespace blendd::bench
