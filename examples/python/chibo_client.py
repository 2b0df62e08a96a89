#!/usr/bin/env python3
"""A minimal chibo client, written from Proto/PROTOCOL.md alone.

It performs the handshake, checks the daemon's signed hello, sends one signed `status` request and
verifies the signed response. Usage:

    python3 chibo_client.py --socket DATA/chibod.sock --key ~/.config/chibo/key [--daemon-key ID]
    python3 chibo_client.py --connect 127.0.0.1:7433 --key KEYFILE

It prints the status as JSON. Exit status 0 on success, 1 on any failure (with the reason on stderr).
"""
import argparse
import base64
import hashlib
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "chibo_proto"))

from nacl.exceptions import BadSignatureError  # noqa: E402
from nacl.signing import SigningKey, VerifyKey  # noqa: E402

from chibo.v1 import messages_pb2, wire_pb2  # noqa: E402

MAGIC = b"CHBO"
MAJOR, MINOR = 1, 0
CTX_SERVER_HELLO = b"chibo/1 server-hello"
CTX_REQUEST = b"chibo/1 request"
CTX_RESPONSE = b"chibo/1 response"
ROLES = {1: "admin", 2: "clerk", 3: "viewer"}


class ChiboError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:16]


def load_secret_key(path: str) -> SigningKey:
    with open(path, encoding="utf-8") as f:
        parts = f.read().split()
    if len(parts) != 2 or parts[0] != "chibo-ed25519-secret":
        raise ChiboError("invalid_argument", f"{path} is not a chibo secret key file")
    return SigningKey(base64.b64decode(parts[1]))


class Connection:
    def __init__(self, sock: socket.socket):
        self.sock = sock

    def read_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ChiboError("connection_closed", "the daemon closed the connection")
            data += chunk
        return data

    def read_frame(self) -> bytes:
        (length,) = struct.unpack(">I", self.read_exact(4))
        return self.read_exact(length)

    def send_frame(self, payload: bytes) -> None:
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)


def verify(envelope: wire_pb2.Envelope, public_key: bytes, context: bytes) -> bool:
    if envelope.key_id != key_id(public_key) or len(envelope.signature) != 64:
        return False
    try:
        VerifyKey(public_key).verify(context + b"\x00" + envelope.body, envelope.signature)
        return True
    except BadSignatureError:
        return False


def handshake(conn: Connection, expected_daemon_key: str | None):
    client_nonce = os.urandom(32)
    conn.sock.sendall(MAGIC + struct.pack(">HH", MAJOR, MINOR))
    hello = wire_pb2.ClientHello(client_nonce=client_nonce, client_name="chibo-python-example/1.0")
    conn.send_frame(hello.SerializeToString())

    preamble = conn.read_exact(8)
    if preamble[:4] != MAGIC:
        raise ChiboError("bad_response", "not a chibo daemon")
    major, minor = struct.unpack(">HH", preamble[4:])
    if major != MAJOR:
        raise ChiboError("unsupported_version", f"daemon speaks {major}.{minor}")

    envelope = wire_pb2.Envelope.FromString(conn.read_frame())
    server_hello = wire_pb2.ServerHello.FromString(envelope.body)
    daemon_key = server_hello.daemon_public_key
    if len(daemon_key) != 32 or not verify(envelope, daemon_key, CTX_SERVER_HELLO):
        raise ChiboError("bad_response", "server hello signature does not verify")
    if server_hello.client_nonce != client_nonce:
        raise ChiboError("bad_response", "server hello answers another connection")
    if server_hello.version.major != MAJOR or server_hello.version.minor > MINOR:
        raise ChiboError("bad_response", "impossible version")
    if expected_daemon_key and key_id(daemon_key).hex() != expected_daemon_key:
        raise ChiboError("daemon_key_changed", f"daemon key is {key_id(daemon_key).hex()}")
    return server_hello


def status(conn: Connection, server_hello, signing_key: SigningKey):
    request = messages_pb2.Request(
        version=server_hello.version,
        session_nonce=server_hello.session_nonce,
        sequence=1,
        request_id=os.urandom(16),
        timestamp_ms=int(time.time() * 1000),
    )
    request.status.SetInParent()
    body = request.SerializeToString()
    public_key = bytes(signing_key.verify_key)
    signature = signing_key.sign(CTX_REQUEST + b"\x00" + body).signature
    envelope = wire_pb2.Envelope(key_id=key_id(public_key), body=body, signature=signature)
    conn.send_frame(envelope.SerializeToString())

    reply = wire_pb2.Envelope.FromString(conn.read_frame())
    if not verify(reply, server_hello.daemon_public_key, CTX_RESPONSE):
        raise ChiboError("bad_response", "response signature does not verify")
    response = messages_pb2.Response.FromString(reply.body)
    if response.WhichOneof("result") == "error":
        raise ChiboError(response.error.code, response.error.message)
    if response.request_id != request.request_id or response.request_hash != hashlib.sha256(body).digest():
        raise ChiboError("bad_response", "response answers another request")
    return response.status


def main() -> int:
    parser = argparse.ArgumentParser(description="Signed status round trip with chibod.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the daemon's Unix socket")
    where.add_argument("--connect", help="the daemon's TCP address, HOST:PORT")
    parser.add_argument("--key", required=True, help="secret key file made by `chibo key new`")
    parser.add_argument("--daemon-key", help="accept only this daemon key id")
    args = parser.parse_args()
    try:
        if args.socket:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(args.socket)
        else:
            host, _, port = args.connect.rpartition(":")
            sock = socket.create_connection((host.strip("[]"), int(port)))
        sock.settimeout(30)
        with sock:
            conn = Connection(sock)
            server_hello = handshake(conn, args.daemon_key)
            result = status(conn, server_hello, load_secret_key(args.key))
        print(json.dumps({
            "daemon_key_id": result.daemon_key_id.hex(),
            "protocol_version": f"{result.version.major}.{result.version.minor}",
            "uptime_seconds": result.uptime_seconds,
            "caller_key_id": result.caller_key_id.hex(),
            "caller_name": result.caller_name,
            "caller_role": ROLES.get(result.caller_role, "unknown"),
        }, ensure_ascii=False))
        return 0
    except (ChiboError, OSError) as error:
        print(f"chibo_client: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
