// Answering-machine detection on synthetic audio, frame by frame on the audio's own clock: a short
// phrase and a pause is a person, a phrase running past the greeting length a machine, a pure tone
// a machine, silence unsure; clicks are not words and steady noise is not speech. G.711 decodes as
// the standard's tables have it. (Accuracy on a labelled corpus: bench/amd.)
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "amd/amd_detector.hpp"
#include "amd/g711.hpp"
#include "amd/tone_detector.hpp"

using namespace blendd::amd;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Speech-like sound: noise shaped into syllables of 180 ms with 80 ms dips, at `level` (0..1).
void syllables(std::vector<std::int16_t>& out, int ms, double level, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  const int n = ms * 8;
  for (int i = 0; i < n; ++i) {
    const int in_syllable = (i / 8) % 260;
    const double env = in_syllable < 180 ? std::sin(kPi * in_syllable / 180.0) : 0.02;
    out.push_back(
        static_cast<std::int16_t>(std::clamp(level * 12000 * env * noise(rng), -32000.0, 32000.0)));
  }
}
void silence(std::vector<std::int16_t>& out, int ms, double noise_level = 0, unsigned seed = 2) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  for (int i = 0; i < ms * 8; ++i)
    out.push_back(static_cast<std::int16_t>(noise_level * 32768 * noise(rng)));
}
void tone(std::vector<std::int16_t>& out, int ms, double freq, double level = 0.3) {
  for (int i = 0; i < ms * 8; ++i)
    out.push_back(static_cast<std::int16_t>(level * 32767 * std::sin(2 * kPi * freq * i / 8000)));
}

AmdVerdict run(const std::vector<std::int16_t>& audio, AmdParams p = {}) {
  AmdDetector d(p);
  for (std::size_t at = 0; at + 160 <= audio.size(); at += 160) {
    if (auto v = d.frame(audio.data() + at, 160)) return *v;
  }
  return d.finish();
}

}  // namespace

TEST(AmdDetector, AShortPhraseAndAPauseIsAPerson) {
  std::vector<std::int16_t> a;
  silence(a, 400);
  syllables(a, 660, 0.5);  // "Hal-lo-o?": three syllables
  silence(a, 3000);
  const auto v = run(a);
  EXPECT_EQ(v.kind, AmdKind::human);
  EXPECT_EQ(v.cause, "human/pause_after_greeting");
  EXPECT_EQ(v.words, 3);
  // Decided the after-greeting silence after the phrase's last voice.
  EXPECT_EQ(v.decided_at_ms - v.first_phrase_end_ms, AmdParams{}.after_greeting_silence_ms);
  EXPECT_LE(v.decided_at_ms, 400 + 660 + 700);
}

TEST(AmdDetector, AGreetingThatRunsOnIsAMachine) {
  std::vector<std::int16_t> a;
  silence(a, 300);
  syllables(a, 6000, 0.5);
  const auto v = run(a);
  EXPECT_EQ(v.kind, AmdKind::machine);
  EXPECT_EQ(v.cause, "machine/max_words") << "eight syllables come before three seconds";
  AmdParams p;
  p.max_words = 100;
  const auto by_length = run(a, p);
  EXPECT_EQ(by_length.cause, "machine/long_greeting");
  EXPECT_NEAR(by_length.decided_at_ms, 300 + p.greeting_ms, 40);
}

TEST(AmdDetector, APureToneIsAMachineAtOnce) {
  std::vector<std::int16_t> a;
  silence(a, 200);
  tone(a, 330, 913.8);  // the first SIT tone
  tone(a, 330, 1370.6);
  const auto v = run(a);
  EXPECT_EQ(v.cause, "machine/tone");
  EXPECT_LE(v.decided_at_ms, 200 + ToneDetector::kMinToneMs + 40);
}

TEST(AmdDetector, SilenceIsUnsureAndClicksAreNoWords) {
  std::vector<std::int16_t> a;
  for (int i = 0; i < 10; ++i) {
    silence(a, 400);
    syllables(a, 60, 0.8, 10 + i);  // a click: shorter than a word
  }
  const auto v = run(a);
  EXPECT_EQ(v.kind, AmdKind::unsure);
  EXPECT_EQ(v.cause, "unsure/initial_silence");
  EXPECT_EQ(v.words, 0);
}

TEST(AmdDetector, SteadyNoiseIsNotSpeechButSpeechOverItIs) {
  std::vector<std::int16_t> a;
  silence(a, 4500, 0.02);  // -34 dBFS of hiss, above the absolute threshold
  EXPECT_EQ(run(a).cause, "unsure/initial_silence");
  std::vector<std::int16_t> b;
  silence(b, 1500, 0.02);
  syllables(b, 660, 0.6);
  silence(b, 2000, 0.02, 7);
  EXPECT_EQ(run(b).cause, "human/pause_after_greeting");
}

TEST(ToneDetector, AVowelIsNoTone) {
  // Harmonics of 140 Hz with a formant-like spread: voiced speech, not a beep.
  std::vector<std::int16_t> a;
  for (int i = 0; i < 8000; ++i) {
    double x = 0;
    for (int h = 1; h <= 12; ++h)
      x += std::sin(2 * kPi * 140 * h * i / 8000) / (1 + std::abs(h - 4));
    a.push_back(static_cast<std::int16_t>(3000 * x));
  }
  ToneDetector t;
  bool any = false;
  for (std::size_t at = 0; at + 160 <= a.size(); at += 160)
    any = t.frame(a.data() + at, 160) || any;
  EXPECT_FALSE(any);
  std::vector<std::int16_t> beep;
  tone(beep, 500, 1000);
  ToneDetector b;
  for (std::size_t at = 0; at + 160 <= beep.size(); at += 160)
    any = b.frame(beep.data() + at, 160) || any;
  EXPECT_TRUE(any);
  EXPECT_NEAR(b.frequency(), 1000, 30);
}

TEST(G711, DecodesAsTheStandardsTablesHaveIt) {
  EXPECT_EQ(ulaw_to_linear(0xFF), 0);
  EXPECT_EQ(ulaw_to_linear(0x7F), 0);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(alaw_to_linear(0xD5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  for (int x = -32000; x <= 32000; x += 97) {
    const auto s = static_cast<std::int16_t>(x);
    const double tolerance = std::max(16.0, std::abs(x) / 14.0);  // one quantisation step
    EXPECT_NEAR(ulaw_to_linear(linear_to_ulaw(s)), x, tolerance) << x;
    EXPECT_NEAR(alaw_to_linear(linear_to_alaw(s)), x, tolerance) << x;
  }
}
