"""A TLS client of its own (Python's ssl module) against blendd: HTTPS with the test CA, an API
call with a token, a WSS agent login, a plain-HTTP request refused, and a certificate rotated
by a reload. Prints one line per check; exits 1 on the first failure."""
import base64
import json
import os
import signal
import socket
import ssl
import sys
import time

port, ca, token, agent_token, blendd_pid, rotate_ca, rotated_flag = (
    int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6],
    sys.argv[7])


def context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def tls_socket(cafile=ca):
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    return context(cafile).wrap_socket(raw, server_hostname="127.0.0.1")


def https(path, bearer=None, cafile=ca):
    s = tls_socket(cafile)
    headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if bearer:
        headers += f"Authorization: Bearer {bearer}\r\n"
    s.sendall((headers + "\r\n").encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


for _ in range(100):  # blendd may still be starting
    try:
        status, body = https("/healthz")
        break
    except OSError:
        time.sleep(0.1)
check(status == 200 and b'"status"' in body, "GET /healthz over TLS with the test CA")
status, body = https("/api/v1/figures", token)
check(status == 200 and b'"groups"' in body, "GET /api/v1/figures over TLS with a token")
status, _ = https("/api/v1/figures")
check(status == 401, "no token over TLS is still 401")

# WSS: the agent desk's protocol over TLS (client frames are masked, as RFC 6455 requires).
s = tls_socket()
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET /agent/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .encode())
reply = b""
while b"\r\n\r\n" not in reply:
    reply += s.recv(4096)
check(reply.startswith(b"HTTP/1.1 101"), "WebSocket upgrade over TLS")
payload = json.dumps({"v": 1, "type": "login", "agent": "a1", "token": agent_token}).encode()
mask = os.urandom(4)
frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
s.sendall(frame)
data = reply.split(b"\r\n\r\n", 1)[1]
while len(data) < 2 or len(data) < 2 + (data[1] & 0x7F):
    data += s.recv(4096)
length = data[1] & 0x7F
text = data[2:2 + length] if length < 126 else None
if length == 126:
    while len(data) < 4:
        data += s.recv(4096)
    length = int.from_bytes(data[2:4], "big")
    while len(data) < 4 + length:
        data += s.recv(4096)
    text = data[4:4 + length]
check(json.loads(text)["type"] == "welcome", "agent login over WSS gets welcome")
s.close()

# Plain HTTP to the TLS port gets no HTTP answer.
raw = socket.create_connection(("127.0.0.1", port), timeout=5)
raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    answer = raw.recv(4096)
except OSError:
    answer = b""
check(not answer.startswith(b"HTTP/1.1 200"), "plain HTTP on the TLS port is not served")

# A certificate signed by another CA is refused by a client that trusts only the first one.
try:
    https("/healthz", cafile=rotate_ca)
    check(False, "the rotated CA is not trusted before the reload")
except ssl.SSLError:
    check(True, "a client trusting only the next CA is refused before the rotation")
for _ in range(200):  # the test puts the next certificate files in place, then this flag
    if os.path.exists(rotated_flag):
        break
    time.sleep(0.1)
os.kill(blendd_pid, signal.SIGHUP)
for _ in range(50):
    try:
        status, _ = https("/healthz", cafile=rotate_ca)
        break
    except (ssl.SSLError, OSError):
        time.sleep(0.1)
check(status == 200, "after the reload new connections use the rotated certificate")
