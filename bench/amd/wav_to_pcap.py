#!/usr/bin/env python3
"""A corpus clip as an RTP stream sipp can play (play_pcap_audio): 8 kHz mono WAV (PCM 16, u-law
or A-law) to a pcap of Ethernet/IPv4/UDP/RTP packets, 20 ms of G.711 each (PCMU or PCMA), timed
20 ms apart. sipp rewrites the addresses and ports; the RTP header (sequence, timestamp, SSRC) is
what blendd's RtpAudio reads.

Usage: wav_to_pcap.py IN.wav OUT.pcap [--alaw]
"""
import argparse
import struct
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # Debian 12's Python 3.11 has it: G.711 without another dependency


def read_linear(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SystemExit(f"{path}: not a RIFF/WAVE file")
    at, fmt, pcm = 12, None, None
    while at + 8 <= len(data):
        cid, size = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        body = data[at + 8:at + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            pcm = body
        at += 8 + size + (size & 1)
    if fmt is None or pcm is None:
        raise SystemExit(f"{path}: no fmt or data chunk")
    code, channels, rate, _, _, bits = fmt
    if rate != 8000 or channels != 1:
        raise SystemExit(f"{path}: {rate} Hz, {channels} channel(s); 8000 Hz mono expected")
    if code == 1 and bits == 16:
        return pcm
    if code == 7:
        return audioop.ulaw2lin(pcm, 2)
    if code == 6:
        return audioop.alaw2lin(pcm, 2)
    raise SystemExit(f"{path}: format {code}/{bits} bits; PCM 16, u-law or A-law expected")


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wav")
    ap.add_argument("pcap")
    ap.add_argument("--alaw", action="store_true")
    args = ap.parse_args()
    linear = read_linear(args.wav)
    g711 = audioop.lin2alaw(linear, 2) if args.alaw else audioop.lin2ulaw(linear, 2)
    pt = 8 if args.alaw else 0
    src, dst = bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]  # Ethernet link type
    ssrc = 0x5EED0001
    for n, at in enumerate(range(0, len(g711) - 159, 160)):
        rtp = struct.pack("!BBHII", 0x80, pt | (0x80 if n == 0 else 0), n & 0xFFFF, n * 160, ssrc)
        rtp += g711[at:at + 160]
        udp = struct.pack("!HHHH", 6000, 6002, 8 + len(rtp), 0) + rtp
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n & 0xFFFF, 0, 64, 17, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        frame = b"\0" * 6 + b"\0" * 6 + b"\x08\x00" + ip + udp
        usec = n * 20000
        out.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(frame), len(frame)))
        out.append(frame)
    with open(args.pcap, "wb") as f:
        f.write(b"".join(out))
    print(f"{args.pcap}: {n + 1} packets, {(n + 1) * 20 / 1000:.2f} s of {'PCMA' if args.alaw else 'PCMU'}")


if __name__ == "__main__":
    main()
