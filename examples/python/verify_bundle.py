#!/usr/bin/env python3
"""Checks a chibo bundle file offline, written from Proto/PROTOCOL.md section 7.9 alone.

    python3 verify_bundle.py FILE --trust KEYID

KEYID is the lower daemon's key id (32 hex characters: the first 16 bytes of SHA-256 of its public key).
Prints one JSON object describing what the file holds; exit status 1, with
`verify_bundle: error: bundle N: ...` on stderr, naming the first thing that fails.
"""
import argparse
import hashlib
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "chibo_proto"))

from nacl.exceptions import BadSignatureError  # noqa: E402
from nacl.signing import VerifyKey  # noqa: E402

from chibo.v1 import keys_pb2, messages_pb2, upstream_pb2, wire_pb2  # noqa: E402

HEADER = b"chibo-bundles 1\n"
CTX_BUNDLE = b"chibo/1 bundle"
CTX_REQUEST = b"chibo/1 request"
RECORD_WRITES = {"put_records", "import_chunk", "end_record"}
ADMIN_WRITES = {"enrol_key", "revoke_key", "put_rule_set"}


class Bad(Exception):
    pass


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()[:16]


def verifies(public_key: bytes, context: bytes, body: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public_key).verify(context + b"\x00" + body, signature)
        return True
    except (BadSignatureError, ValueError):
        return False


def read_bundles(data: bytes):
    if not data.startswith(HEADER):
        raise Bad("not a chibo bundle file")
    offset, bundles = len(HEADER), []
    while offset < len(data):
        if len(data) - offset < 4:
            raise Bad(f"the file ends inside the length of bundle {len(bundles) + 1}")
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        offset += 4
        if len(data) - offset < length:
            raise Bad(f"the file ends inside bundle {len(bundles) + 1}")
        bundles.append(upstream_pb2.Bundle.FromString(data[offset:offset + length]))
        offset += length
    return bundles


def journal_name(request) -> str:
    operation = request.WhichOneof("operation")
    return f"import_chunk {request.import_chunk.chunk_index}" if operation == "import_chunk" else operation


def check(bundle, trust: bytes):
    """Steps 1 to 5 of section 7.9; returns the manifest and the operations of the entries."""
    manifest = upstream_pb2.BundleManifest.FromString(bundle.manifest)
    if not verifies(manifest.daemon_public_key, CTX_BUNDLE, bundle.manifest, bundle.signature):
        raise Bad("the manifest's signature does not verify")
    if key_id(manifest.daemon_public_key) != trust:
        raise Bad(f"made by daemon key {key_id(manifest.daemon_public_key).hex()}, not the trusted {trust.hex()}")
    keys = {key_id(k.public_key): k for k in manifest.keys}
    for kid, key in keys.items():
        if not key.enrolment:
            continue
        envelope = wire_pb2.Envelope.FromString(key.enrolment)
        request = messages_pb2.Request.FromString(envelope.body)
        signer = keys.get(envelope.key_id)
        if (request.WhichOneof("operation") != "enrol_key" or request.enrol_key.public_key != key.public_key
                or request.enrol_key.role != key.role or signer is None or signer.role != keys_pb2.ROLE_ADMIN
                or not verifies(signer.public_key, CTX_REQUEST, envelope.body, envelope.signature)):
            raise Bad(f"key {kid.hex()}: its enrolment does not hold")
    entries = list(bundle.entries)
    if not entries or manifest.entry_count != len(entries) or manifest.to_seq - manifest.from_seq + 1 != len(entries):
        raise Bad("the manifest's range does not match the entries")
    signed = hashlib.sha256(b"".join(struct.pack(">q", e.at_ms) + e.request_id for e in entries)).digest()
    if signed != manifest.entries_sha256:
        raise Bad("the entries' times or request ids are not those the manifest signs")
    previous, operations = manifest.previous_chain_head, []
    for offset, entry in enumerate(entries):
        seq = manifest.from_seq + offset
        if entry.seq != seq or entry.previous_hash != previous:
            raise Bad(f"entry {seq}: out of place in the chain")
        if hashlib.sha256(previous + entry.envelope).digest() != entry.hash:
            raise Bad(f"entry {seq}: its hash does not match its contents")
        envelope = wire_pb2.Envelope.FromString(entry.envelope)
        request = messages_pb2.Request.FromString(envelope.body)
        key = keys.get(envelope.key_id)
        if key is None or envelope.key_id != entry.key_id:
            raise Bad(f"entry {seq}: signed by a key the bundle does not list")
        if not verifies(key.public_key, CTX_REQUEST, envelope.body, envelope.signature):
            raise Bad(f"entry {seq}: its signature does not verify")
        if entry.operation != journal_name(request):
            raise Bad(f"entry {seq}: its operation is not the signed request's")
        staged_chunk = request.WhichOneof("operation") == "import_chunk" and not request.import_chunk.last
        if entry.request_id != request.request_id and not staged_chunk:
            raise Bad(f"entry {seq}: its request id is not the signed request's")
        operation = request.WhichOneof("operation")
        allowed = {keys_pb2.ROLE_ADMIN, keys_pb2.ROLE_CLERK} if operation in RECORD_WRITES else \
            {keys_pb2.ROLE_ADMIN} if operation in ADMIN_WRITES else set()
        if key.role not in allowed:
            raise Bad(f"entry {seq}: {operation} signed by a key whose role may not ask for it")
        previous = entry.hash
        operations.append(operation)
    if previous != manifest.chain_head:
        raise Bad("the last entry's hash is not the manifest's chain head")
    return manifest, operations


def continues(manifest, bundle, last) -> bool:
    """Goes on where the bundle before ends, along the same chain (it may start earlier and overlap it)."""
    if manifest.from_seq == last.to_seq + 1:
        return manifest.previous_chain_head == last.chain_head
    if not manifest.from_seq <= last.to_seq < manifest.to_seq:
        return False
    return bundle.entries[last.to_seq - manifest.from_seq].hash == last.chain_head


def main() -> int:
    parser = argparse.ArgumentParser(description="Check a chibo bundle file offline (PROTOCOL.md section 7.9).")
    parser.add_argument("file")
    parser.add_argument("--trust", required=True, help="the lower daemon's key id, 32 hex characters")
    args = parser.parse_args()
    number = 0
    try:
        with open(args.file, "rb") as f:
            bundles = read_bundles(f.read())
        trust, last, operations = bytes.fromhex(args.trust), None, {}
        for number, bundle in enumerate(bundles, start=1):
            manifest, ops = check(bundle, trust)
            if last is not None and not continues(manifest, bundle, last):
                raise Bad("does not continue the bundle before it")
            for op in ops:
                operations[op] = operations.get(op, 0) + 1
            first, last = (manifest if number == 1 else first), manifest
        print(json.dumps({
            "ok": True, "unit": first.unit_id, "bundles": len(bundles), "from_seq": first.from_seq,
            "to_seq": last.to_seq, "operations": operations, "chain_head": last.chain_head.hex(),
        }, ensure_ascii=False))
        return 0
    except (Bad, ValueError, OSError) as error:
        where = f"bundle {number}: " if number else ""
        print(f"verify_bundle: error: {where}{error}", file=sys.stderr)
        return 1
    except Exception as error:  # a protobuf DecodeError: the bytes are not the messages they claim to be
        print(f"verify_bundle: error: bundle {number}: not a bundle ({type(error).__name__})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
