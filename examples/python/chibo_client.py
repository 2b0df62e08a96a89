#!/usr/bin/env python3
"""A small chibo client for protocol 1.1, written from Proto/PROTOCOL.md alone.

It performs the handshake (with the confidential transport of section 4.1 unless --plaintext is given),
checks the daemon's signed hello, then sends signed requests and verifies the signed responses:

    python3 chibo_client.py --connect 127.0.0.1:7433 --key KEYFILE [--daemon-key ID] status
    python3 chibo_client.py --socket DATA/chibod.sock --key KEYFILE put-member --id M1 --name "Lò Văn Bốn" \
        [--idempotency-key 32HEX]
    python3 chibo_client.py --connect HOST:PORT --key KEYFILE list-members [--search TEXT]

It prints the result as one JSON object. Exit status 0 on success, 1 on any failure, with
`chibo_client: error: CODE: message` on stderr.
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

from nacl import bindings  # noqa: E402
from nacl.exceptions import BadSignatureError, CryptoError  # noqa: E402
from nacl.signing import SigningKey, VerifyKey  # noqa: E402

from chibo.v1 import messages_pb2, records_pb2, wire_pb2  # noqa: E402

MAGIC = b"CHBO"
MAJOR, MINOR = 1, 2
CTX_SERVER_HELLO = b"chibo/1 server-hello"
CTX_REQUEST = b"chibo/1 request"
CTX_RESPONSE = b"chibo/1 response"
SEALED = "x25519-chacha20poly1305"  # the feature name of the confidential transport
ROLES = {1: "admin", 2: "clerk", 3: "viewer", 4: "auditor", 5: "reporter"}


class ChiboError(Exception):
    """A refusal: `code` decides what to do; `reason` (since 1.1) is the finer code of a domain rule or field."""

    def __init__(self, code, message, reason=""):
        super().__init__(f"{code}: {message}" + (f" (reason: {reason})" if reason else ""))
        self.code = code
        self.reason = reason


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:16]


def load_secret_key(path: str) -> SigningKey:
    with open(path, encoding="utf-8") as f:
        parts = f.read().split()
    if len(parts) != 2 or parts[0] != "chibo-ed25519-secret":
        raise ChiboError("invalid_argument", f"{path} is not a chibo secret key file")
    return SigningKey(base64.b64decode(parts[1]))


def nonce(counter: int) -> bytes:
    """Section 4.1: 4 zero bytes, then the frame counter of the direction as a big-endian 64-bit integer."""
    return b"\x00\x00\x00\x00" + struct.pack(">Q", counter)


class Connection:
    """Frames over a socket; sealed with ChaCha20-Poly1305 once `seal_with` has installed the keys."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.rx = self.tx = None
        self.received = self.sent = 0

    def seal_with(self, rx: bytes, tx: bytes) -> None:
        self.rx, self.tx = rx, tx

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
        payload = self.read_exact(length)
        if self.rx is None:
            return payload
        try:
            opened = bindings.crypto_aead_chacha20poly1305_ietf_decrypt(payload, None, nonce(self.received), self.rx)
        except CryptoError:
            raise ChiboError("protocol_error", "a sealed frame from the daemon does not open")
        self.received += 1
        return opened

    def send_frame(self, payload: bytes) -> None:
        if self.tx is not None:
            payload = bindings.crypto_aead_chacha20poly1305_ietf_encrypt(payload, None, nonce(self.sent), self.tx)
            self.sent += 1
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)


def verify(envelope: wire_pb2.Envelope, public_key: bytes, context: bytes) -> bool:
    if envelope.key_id != key_id(public_key) or len(envelope.signature) != 64:
        return False
    try:
        VerifyKey(public_key).verify(context + b"\x00" + envelope.body, envelope.signature)
        return True
    except BadSignatureError:
        return False


def refusal(envelope: wire_pb2.Envelope) -> ChiboError:
    """Section 4: instead of a hello the daemon may send a Response carrying an error. Before a hello there is
    no daemon key to check it with, so it is reported as unverified."""
    try:
        response = messages_pb2.Response.FromString(envelope.body)
    except Exception:
        return ChiboError("bad_response", "server hello signature does not verify")
    if response.WhichOneof("result") != "error":
        return ChiboError("bad_response", "server hello signature does not verify")
    return ChiboError(response.error.code, response.error.message + " (unverified: said before the hello)")


def handshake(conn: Connection, expected_daemon_key: str | None, sealed: bool):
    client_nonce = os.urandom(32)
    minor = MINOR if sealed else 0
    conn.sock.sendall(MAGIC + struct.pack(">HH", MAJOR, minor))
    hello = wire_pb2.ClientHello(client_nonce=client_nonce, client_name="chibo-python-example/1.1")
    if sealed:
        kx_public, kx_secret = bindings.crypto_kx_keypair()
        hello.features.append(SEALED)
        hello.kx_public_key = kx_public
    conn.send_frame(hello.SerializeToString())

    preamble = conn.read_exact(8)
    if preamble[:4] != MAGIC:
        raise ChiboError("bad_response", "not a chibo daemon")
    major, daemon_minor = struct.unpack(">HH", preamble[4:])
    if major != MAJOR:
        raise ChiboError("unsupported_version", f"daemon speaks {major}.{daemon_minor}")

    envelope = wire_pb2.Envelope.FromString(conn.read_frame())
    server_hello = wire_pb2.ServerHello.FromString(envelope.body)
    daemon_key = server_hello.daemon_public_key
    if len(daemon_key) != 32 or not verify(envelope, daemon_key, CTX_SERVER_HELLO):
        raise refusal(envelope)
    if server_hello.client_nonce != client_nonce:
        raise ChiboError("bad_response", "server hello answers another connection")
    if server_hello.version.major != MAJOR or server_hello.version.minor > minor:
        raise ChiboError("bad_response", "impossible version")
    if expected_daemon_key and key_id(daemon_key).hex() != expected_daemon_key:
        raise ChiboError("daemon_key_changed", f"daemon key is {key_id(daemon_key).hex()}")
    if sealed:
        # The signed hello must grant the feature and echo our exchange key: otherwise someone in the middle
        # replaced it or stripped the feature, and we would be talking in clear or to them.
        if SEALED not in server_hello.features or server_hello.client_kx_public_key != kx_public:
            raise ChiboError("bad_response", "the daemon did not agree to encrypt this connection")
        rx, tx = bindings.crypto_kx_client_session_keys(kx_public, kx_secret, server_hello.kx_public_key)
        conn.seal_with(rx, tx)
    return server_hello


class Client:
    def __init__(self, conn: Connection, server_hello, signing_key: SigningKey):
        self.conn = conn
        self.hello = server_hello
        self.key = signing_key
        self.sequence = 0

    def call(self, fill, idempotency_key: bytes = b""):
        """Signs one Request (section 7), sends it and returns the verified Response."""
        self.sequence += 1
        request = messages_pb2.Request(
            version=self.hello.version,
            session_nonce=self.hello.session_nonce,
            sequence=self.sequence,
            request_id=os.urandom(16),
            timestamp_ms=int(time.time() * 1000),
            idempotency_key=idempotency_key,
        )
        fill(request)
        body = request.SerializeToString()
        public_key = bytes(self.key.verify_key)
        signature = self.key.sign(CTX_REQUEST + b"\x00" + body).signature
        envelope = wire_pb2.Envelope(key_id=key_id(public_key), body=body, signature=signature)
        self.conn.send_frame(envelope.SerializeToString())

        reply = wire_pb2.Envelope.FromString(self.conn.read_frame())
        if not verify(reply, self.hello.daemon_public_key, CTX_RESPONSE):
            raise ChiboError("bad_response", "response signature does not verify")
        response = messages_pb2.Response.FromString(reply.body)
        if response.WhichOneof("result") == "error" and not response.request_id:
            raise ChiboError(response.error.code, response.error.message)
        if response.request_id != request.request_id or response.request_hash != hashlib.sha256(body).digest():
            raise ChiboError("bad_response", "response answers another request")
        if response.WhichOneof("result") == "error":
            raise ChiboError(response.error.code, response.error.message, response.error.reason)
        return response


def status(client: Client):
    result = client.call(lambda r: r.status.SetInParent()).status
    return {
        "daemon_key_id": result.daemon_key_id.hex(),
        "protocol_version": f"{client.hello.version.major}.{client.hello.version.minor}",
        "transport": "sealed" if client.conn.tx is not None else "plaintext",
        "uptime_seconds": result.uptime_seconds,
        "caller_key_id": result.caller_key_id.hex(),
        "caller_name": result.caller_name,
        "caller_role": ROLES.get(result.caller_role, "unknown"),
    }


def put_member(client: Client, member_id: str, name: str, idempotency_key: bytes):
    """An idempotent write (section 7.1): sent again with the same key, it answers the first result."""
    def fill(request):
        record = records_pb2.Record(member=records_pb2.MemberRecord(id=member_id, full_name=name))
        request.put_records.records.append(record)
    response = client.call(fill, idempotency_key)
    return {
        "inserted": response.put_records.inserted,
        "unchanged": response.put_records.unchanged,
        "replayed": response.replayed,
        "idempotency_key": idempotency_key.hex(),
    }


def list_members(client: Client, search: str):
    def fill(request):
        request.list_records.kind = "member"
        request.list_records.search = search
    page = client.call(fill).list_records
    return {"total": page.total, "members": [{"id": r.member.id, "full_name": r.member.full_name} for r in page.records]}


def main() -> int:
    parser = argparse.ArgumentParser(description="Signed requests to chibod over protocol 1.1.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--socket", help="the daemon's Unix socket")
    where.add_argument("--connect", help="the daemon's TCP address, HOST:PORT")
    parser.add_argument("--key", required=True, help="secret key file made by `chibo key new`")
    parser.add_argument("--daemon-key", help="accept only this daemon key id")
    parser.add_argument("--plaintext", action="store_true",
                        help="behave as a 1.0 client: no confidential transport (refused on TCP by default)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("status", help="who am I, and which daemon (the default)")
    put = commands.add_parser("put-member", help="write one member record, idempotently")
    put.add_argument("--id", required=True)
    put.add_argument("--name", required=True)
    put.add_argument("--idempotency-key", help="32 hex characters; a fresh random key when absent")
    listing = commands.add_parser("list-members", help="the first page of members")
    listing.add_argument("--search", default="", help="part of a name, diacritics ignored")
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
            server_hello = handshake(conn, args.daemon_key, sealed=not args.plaintext)
            client = Client(conn, server_hello, load_secret_key(args.key))
            if args.command == "put-member":
                key = bytes.fromhex(args.idempotency_key) if args.idempotency_key else os.urandom(16)
                result = put_member(client, args.id, args.name, key)
            elif args.command == "list-members":
                result = list_members(client, args.search)
            else:
                result = status(client)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    except (ChiboError, OSError, ValueError) as error:
        print(f"chibo_client: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
