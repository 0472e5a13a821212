#!/usr/bin/env python3
"""A labelled corpus for answering-machine detection, made with Debian's espeak-ng and sox.

Humans answer with one to three words (offices with their name: four to six), then silence or a
second phrase after a pause; some answer late. Machines play 4-20 s greetings, with or without a beep; carrier announcements start with
SIT tones. Several voices (German and English), speeds and pitches, background noise, level
offsets, and G.711 u-law / A-law as well as 16-bit PCM. Every clip is 8 kHz mono WAV, band-limited
to the telephone's 300-3400 Hz. manifest.csv says what each is and, for humans, where the first
phrase ends (the reference for the decision time); for machines where the greeting ends and how
long its beep is (the reference for a voicemail message's start).

Usage: make_corpus.py OUT_DIR [--count N] [--seed S]   (N clips, half human; default 360)
"""
import argparse
import csv
import os
import random
import subprocess
import tempfile

HUMAN_FIRST = {
    "de": ["Hallo?", "Ja?", "Ja, bitte?", "Müller.", "Schmidt hier.", "Hallo, Weber.",
           "Guten Tag.", "Ja, hallo?", "Meier.", "Hallo, wer ist da?", "Bitte?", "Ja, Fischer."],
    "en": ["Hello?", "Yes?", "Hello.", "Hi, this is Anna.", "Yeah?", "Speaking.",
           "Hello, Smith.", "Good morning.", "Hi there.", "Who is it?", "Yes, hello?", "Jones."],
}
# Offices answer with their name: longer than one to three words, still a person who then waits.
HUMAN_BUSINESS = {
    "de": ["Firma Müller, guten Tag.", "Praxis Weber, Schmidt am Apparat.",
           "Guten Tag, Autohaus Fischer.", "Kanzlei Braun, was kann ich tun?"],
    "en": ["Smith and Partners, good morning.", "Accounts, Sarah speaking.",
           "Good afternoon, Miller Dental.", "City Garage, how can I help?"],
}
HUMAN_SECOND = {
    "de": ["Hallo? Ist da jemand?", "Wer ist da bitte?", "Hallo, hören Sie mich?"],
    "en": ["Hello? Anyone there?", "Who is this?", "Hello, can you hear me?"],
}
MACHINE_SENTENCES = {
    "de": ["Hallo, hier ist der Anschluss von Familie Meier.",
           "Wir sind im Moment leider nicht erreichbar.",
           "Bitte hinterlassen Sie Ihren Namen und Ihre Telefonnummer.",
           "Wir rufen Sie so bald wie möglich zurück.",
           "Sie sprechen mit der Mailbox von Thomas Schneider.",
           "Bitte sprechen Sie nach dem Signalton.",
           "Vielen Dank für Ihren Anruf und einen schönen Tag noch.",
           "Unser Büro ist montags bis freitags von neun bis siebzehn Uhr besetzt."],
    "en": ["Hi, you have reached the voicemail of Sarah Miller.",
           "I am not available to take your call right now.",
           "Please leave your name, number and a short message.",
           "I will get back to you as soon as I can.",
           "Thank you for calling, and have a wonderful day.",
           "Please speak after the tone.",
           "Our office hours are Monday to Friday, nine to five.",
           "If this is urgent, please call my mobile instead."],
}
ANNOUNCEMENTS = {
    "de": ["Kein Anschluss unter dieser Nummer.",
           "Die gewählte Rufnummer ist zurzeit nicht erreichbar. Bitte versuchen Sie es später."],
    "en": ["The number you have dialled is not in service. Please check the number and try again.",
           "The person you are calling is not available. Please try again later."],
}
VOICES = {"de": ["de", "de+m3", "de+f2", "de+f4", "de+m1"],
          "en": ["en-us", "en-gb", "en-us+f3", "en-gb+m3", "en+f2", "en-us+m7"]}


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def duration(path):
    out = subprocess.run(["soxi", "-D", path], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


class Maker:
    def __init__(self, tmp, rng):
        self.tmp = tmp
        self.rng = rng
        self.n = 0

    def path(self, name):
        self.n += 1
        return os.path.join(self.tmp, f"{self.n}-{name}.wav")

    def speech(self, text, voice, speed, pitch):
        raw = self.path("raw")
        run("espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, text)
        out = self.path("tel")
        # Telephone rate and band, leading and trailing silence trimmed (the clip sets its own).
        run("sox", raw, "-r", "8000", "-c", "1", "-b", "16", out, "sinc", "300-3400",
            "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse")
        return out

    def silence(self, seconds):
        out = self.path("sil")
        run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", out, "trim", "0", f"{seconds:.3f}")
        return out

    def tone(self, freq, seconds, level=0.3):
        out = self.path("tone")
        run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", out, "synth", f"{seconds:.3f}",
            "sine", str(freq), "vol", str(level))
        return out

    def concat(self, parts):
        out = self.path("cat")
        run("sox", *parts, out)
        return out

    def finish(self, clip, dest, noise, noise_db, gain_db, codec):
        staged = clip
        if noise != "none":
            n = self.path("noise")
            run("sox", "-n", "-r", "8000", "-c", "1", "-b", "16", n, "synth",
                f"{duration(clip):.3f}", noise, "gain", str(noise_db))
            mixed = self.path("mix")
            run("sox", "-m", clip, n, mixed)
            staged = mixed
        leveled = self.path("lvl")
        run("sox", staged, leveled, "gain", str(gain_db))
        enc = {"pcm": ["-e", "signed-integer", "-b", "16"], "ulaw": ["-e", "u-law", "-b", "8"],
               "alaw": ["-e", "a-law", "-b", "8"]}[codec]
        run("sox", leveled, *enc, dest)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=360)
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        m = Maker(tmp, rng)
        for i in range(args.count):
            lang = rng.choice(["de", "en"])
            voice = rng.choice(VOICES[lang])
            speed = rng.choice([140, 160, 175, 190])
            pitch = rng.choice([35, 50, 65])
            noise = rng.choice(["none", "none", "whitenoise", "pinknoise", "brownnoise"])
            noise_db = rng.choice([-52, -46, -40])
            gain_db = rng.choice([-12, -6, -3, 0, 3])
            codec = rng.choice(["pcm", "ulaw", "alaw"])
            human = i % 2 == 0
            first_end = -1
            greeting_end = -1
            beep = 0
            if human:
                kind = rng.choice(["short", "short", "two_phrases", "late", "business"])
                lead = rng.uniform(1.0, 3.0) if kind == "late" else rng.uniform(0.2, 0.8)
                words = HUMAN_BUSINESS if kind == "business" else HUMAN_FIRST
                first = m.speech(rng.choice(words[lang]), voice, speed, pitch)
                parts = [m.silence(lead), first]
                first_end = int(round((lead + duration(first)) * 1000))
                if kind == "two_phrases":
                    parts += [m.silence(rng.uniform(1.0, 2.0)),
                              m.speech(rng.choice(HUMAN_SECOND[lang]), voice, speed, pitch)]
                parts.append(m.silence(rng.uniform(3.0, 4.0)))
            else:
                kind = rng.choice(["greeting_beep", "greeting_beep", "greeting", "announcement"])
                lead = rng.uniform(0.1, 0.6)
                parts = [m.silence(lead)]
                if kind == "announcement":
                    for f in (913.8, 1370.6, 1776.7):  # the SIT tones
                        parts.append(m.tone(f, 0.33))
                    parts += [m.silence(0.2),
                              m.speech(rng.choice(ANNOUNCEMENTS[lang]), voice, speed, pitch)]
                else:
                    target = rng.uniform(4.0, 20.0)
                    spoken = 0.0
                    pool = MACHINE_SENTENCES[lang][:]
                    rng.shuffle(pool)
                    while spoken < target:
                        text = pool.pop(0) if pool else rng.choice(MACHINE_SENTENCES[lang])
                        s = m.speech(text, voice, speed, pitch)
                        parts.append(s)
                        spoken += duration(s)
                        gap = rng.uniform(0.15, 0.45)
                        parts.append(m.silence(gap))
                        spoken += gap
                greeting_end = int(round(sum(duration(p) for p in parts) * 1000))
                if kind == "greeting_beep":
                    beep_s = rng.uniform(0.3, 0.8)
                    beep = int(round(beep_s * 1000))
                    parts.append(m.tone(rng.choice([1000, 1400, 850]), beep_s))
                parts.append(m.silence(2.0))
            clip = m.concat(parts)
            name = f"{i:04d}-{'human' if human else 'machine'}-{kind}.wav"
            m.finish(clip, os.path.join(args.out, name), noise, noise_db, gain_db, codec)
            rows.append({"file": name, "label": "human" if human else "machine", "kind": kind,
                         "voice": voice, "speed": speed, "pitch": pitch, "noise": noise,
                         "noise_db": noise_db if noise != "none" else "", "gain_db": gain_db,
                         "codec": codec, "first_phrase_end_ms": first_end,
                         "greeting_end_ms": greeting_end, "beep_ms": beep})
    with open(os.path.join(args.out, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    print(f"corpus: {len(rows)} clips in {args.out}")


if __name__ == "__main__":
    main()
