// Answering-machine detection through the whole call path: a real blendd with its private Redis
// and rtpengine, one agent, an AMD campaign whose targets are answered by a sipp customer that
// plays, for each dialled number, one clip of the corpus (bench/amd/make_corpus.py, its reported
// part) as A-law RTP. The verdicts come from each attempt's log entry (`amd`, `amd_ms`: the
// time from the customer's 200 to the verdict, signalling and rtpengine included), so this
// measures what bench_amd measures on the clips alone, plus the network path: RTP pacing, the
// relay, the listener's silence for missing packets. A human's decision time runs from the end of
// their first phrase. Usage: bench_amd_calls CORPUS_DIR [clips=60]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "bench/amd/corpus.hpp"
#include "tests/support/audio_samples.hpp"
#include "tests/support/call_centre_run.hpp"
#include "tests/support/child_process.hpp"

using namespace blendd;
using namespace std::chrono_literals;

namespace {

constexpr int kBase = 28700;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// The customer: one clip per dialled number (target i is +4930(1000000 + i)), chosen by a test
// on the number, then the talk time (-d) and a BYE.
std::string customer_scenario(const test::TempDir& dir, const std::vector<bench::Clip>& clips) {
  std::string s = test::read_file(BLENDD_SOURCE_DIR "/tests/sip/uas_customer_relayed.xml");
  test::replace_all(s, "614[0-9][0-9]", "619[0-9][0-9]");
  test::replace_all(
      s,
      "<ereg regexp=\".*\" search_in=\"hdr\" header=\"To:\" check_it=\"true\" "
      "assign_to=\"remote_to\" />",
      "<ereg regexp=\".*\" search_in=\"hdr\" header=\"To:\" check_it=\"true\" "
      "assign_to=\"remote_to\" />\n      <ereg regexp=\"\\+4930([0-9]+)@\" "
      "search_in=\"hdr\" header=\"To:\" check_it=\"true\" assign_to=\"dialled,idx\" />");
  std::string branches =
      "  <nop>\n    <action>\n      <todouble assign_to=\"n\" variable=\"idx\" />\n";
  for (std::size_t k = 0; k < clips.size(); ++k) {
    branches += "      <test assign_to=\"t" + std::to_string(k) +
                "\" variable=\"n\" "
                "compare=\"equal\" value=\"" +
                std::to_string(1000000 + k) + "\" />\n";
  }
  branches += "    </action>\n  </nop>\n";
  for (std::size_t k = 0; k < clips.size(); ++k)
    branches +=
        "  <nop next=\"c" + std::to_string(k) + "\" test=\"t" + std::to_string(k) + "\" />\n";
  branches += "  <nop next=\"talk\" />\n";
  const std::int64_t t0 = 1'700'000'000'000'000;
  std::string refs = "remote_from,remote_to,relayed,dialled,idx,n";
  for (std::size_t k = 0; k < clips.size(); ++k) {
    const std::string pcap = dir.file("clip" + std::to_string(k) + ".pcap");
    test::write_file(pcap, test::pcap_of(test::alaw_packets(clips[k].samples, t0, 6000, 1)));
    branches += "  <label id=\"c" + std::to_string(k) +
                "\" />\n  <nop>\n    <action>\n      "
                "<exec play_pcap_audio=\"" +
                pcap +
                "\" />\n    </action>\n  </nop>\n"
                "  <nop next=\"talk\" />\n";
    refs += ",t" + std::to_string(k);
  }
  branches += "  <label id=\"talk\" />\n";
  const std::string play =
      "  <nop>\n    <action>\n      <exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\" />"
      "\n    </action>\n  </nop>\n";
  if (s.find(play) == std::string::npos) return {};
  test::replace_all(s, play, branches);
  test::replace_all(s, "<Reference variables=\"remote_from,remote_to,relayed\" />",
                    "<Reference variables=\"" + refs + "\" />");
  const std::string path = dir.file("customer.xml");
  test::write_file(path, s);
  return path;
}

struct Verdict {
  std::string cause;
  int ms = -1;
};

// The attempt log's entries (redis-cli's XRANGE lines): number → its AMD verdict.
std::map<std::string, Verdict> verdicts(const test::CallCentreRun& run) {
  std::map<std::string, Verdict> out;
  std::istringstream lines(run.redis({"XRANGE", "{c:spring}:log", "-", "+"}));
  std::string line, key, number;
  Verdict v;
  while (std::getline(lines, line)) {
    if (key == "number") number = line;
    if (key == "amd") v.cause = line;
    if (key == "amd_ms") {
      v.ms = std::atoi(line.c_str());
      if (!number.empty() && !v.cause.empty()) out[number] = v;
      v = {};
    }
    key = line;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_amd_calls CORPUS_DIR [clips=60]\n");
    return 2;
  }
  const std::size_t wanted = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 60;
  // The reported part, half people and half machines, in the manifest's order.
  std::vector<bench::Clip> clips;
  std::size_t humans = 0, machines = 0;
  for (auto& c : bench::load_corpus(argv[1])) {
    if (c.tuning) continue;
    std::size_t& n = c.label == "human" ? humans : machines;
    if (n >= wanted / 2) continue;
    ++n;
    clips.push_back(std::move(c));
  }
  if (clips.empty()) {
    std::fprintf(stderr, "no clips in %s (make them with bench/amd/make_corpus.py)\n", argv[1]);
    return 1;
  }
  test::TempDir dir;
  const std::string customer = customer_scenario(dir, clips);
  std::string phone = test::read_file(BLENDD_SOURCE_DIR "/tests/sip/uas_agent_relayed.xml");
  test::replace_all(phone, "614[0-9][0-9]", "619[0-9][0-9]");
  test::write_file(dir.file("phone.xml"), phone);
  // The customer stays 8 s: long enough for any verdict (blendd hangs up on machines then).
  test::CentreSpec spec = test::centre_spec(1, static_cast<int>(clips.size()), 8000);
  spec.media_lines = {"mode: relay", "port_min: 61900", "port_max: 61999"};
  spec.campaign_extra = {"amd: { enabled: true, on_machine: hang_up }"};
  spec.customer_scenario = customer;
  spec.trunk_extra = {"-mp", std::to_string(kBase + 20)};
  spec.phone_scenario = dir.file("phone.xml");
  spec.phone_extra = {"-mp", std::to_string(kBase + 30)};
  test::CallCentreRun run(spec, kBase);
  if (!run.up()) {
    std::fprintf(stderr, "blendd did not start:\n%s\n", run.log().c_str());
    return 1;
  }
  auto agents = run.start_agents(1, 200ms);
  const auto limit = std::chrono::seconds(20 + 12 * static_cast<int>(clips.size()));
  std::map<std::string, Verdict> got;
  test::eventually(
      [&] {
        std::this_thread::sleep_for(500ms);
        got = verdicts(run);
        return got.size() >= clips.size();
      },
      limit);
  // Truth × verdict, as bench_amd counts them: unsure goes to an agent.
  std::map<std::string, std::map<std::string, int>> matrix;
  std::vector<double> human_after_phrase, machine_after_answer;
  int right = 0, people = 0, people_as_machines = 0, missing = 0;
  for (std::size_t k = 0; k < clips.size(); ++k) {
    const auto it = got.find(test::CallCentreRun::target_number(static_cast<int>(k)));
    if (it == got.end()) {
      ++missing;
      continue;
    }
    const std::string verdict = it->second.cause.substr(0, it->second.cause.find('/'));
    const bench::Clip& c = clips[k];
    if (std::getenv("AMD_VERBOSE") != nullptr) {
      std::printf("  %s %s/%s phrase end %d ms: %s after %d ms\n", c.file.c_str(), c.label.c_str(),
                  c.kind.c_str(), c.first_phrase_end_ms, it->second.cause.c_str(), it->second.ms);
    }
    ++matrix[c.label][verdict];
    const bool human = c.label == "human";
    people += human ? 1 : 0;
    if (human && verdict == "machine") ++people_as_machines;
    if (human ? verdict != "machine" : verdict == "machine") ++right;
    if (human && verdict == "human" && c.first_phrase_end_ms >= 0)
      human_after_phrase.push_back((it->second.ms - c.first_phrase_end_ms) / 1000.0);
    if (!human && verdict == "machine") machine_after_answer.push_back(it->second.ms / 1000.0);
  }
  if (missing > 0) std::fprintf(stderr, "%s\n", run.log().c_str());  // why some had none
  const int n = static_cast<int>(clips.size()) - missing;
  std::printf("calls through sipp, rtpengine and blendd: %d clips (%d without a verdict)\n", n,
              missing);
  std::printf("  truth \\ verdict     human  machine  unsure\n");
  for (const char* truth : {"human", "machine"}) {
    std::printf("  %-16s %8d %8d %7d\n", truth, matrix[truth]["human"], matrix[truth]["machine"],
                matrix[truth]["unsure"]);
  }
  const double accuracy = n > 0 ? 100.0 * right / n : 0;
  const double fp = people > 0 ? 100.0 * people_as_machines / people : 0;
  std::printf(
      "amd calls: %d clips, accuracy %.1f%%, humans called machines %.1f%%, human decision p50 "
      "%.2f s p95 %.2f s, machine decision p50 %.2f s\n",
      n, accuracy, fp, percentile(human_after_phrase, 0.5), percentile(human_after_phrase, 0.95),
      percentile(machine_after_answer, 0.5));
  return missing == 0 ? 0 : 1;
}
