#!/usr/bin/env python3
"""Keyless peers for FairLimitsTests: connect to chibod over TCP from a given source address, send a preamble
and a client hello (asking for the confidential transport), and never send a signed request.

    keyless_peers.py --connect 127.0.0.1:PORT --source 127.0.0.2 --holders 150 --reconnectors 150 --seconds 8

Holders keep each connection until the daemon closes it, then connect again; reconnectors close at once and
connect again. Each peer pauses --pause seconds between connections. Prints one JSON object: connections
made, and how long each held connection lasted (seconds).
"""
import argparse
import asyncio
import json
import os
import struct
import time


def hello() -> bytes:
    # ClientHello: field 1 client_nonce (32 bytes), field 2 features, field 8 kx_public_key (any 32 bytes
    # that are not a low-order point will do for a peer that never gets further).
    features = b"x25519-chacha20poly1305"
    body = (b"\x0a\x20" + os.urandom(32) + b"\x12" + bytes([len(features)]) + features
            + b"\x42\x20" + os.urandom(32))
    return b"CHBO" + struct.pack(">HH", 1, 1) + struct.pack(">I", len(body)) + body


async def peer(args, hold: bool, stats, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(args.host, args.port, local_addr=(args.source, 0))
        except OSError:
            await asyncio.sleep(args.pause)
            continue
        stats["connections"] += 1
        opened = time.monotonic()
        try:
            writer.write(hello())
            await writer.drain()
            if hold:
                while await reader.read(4096):
                    pass
                stats["held"].append(time.monotonic() - opened)
        except OSError:
            pass
        finally:
            writer.close()
        await asyncio.sleep(args.pause)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--source", default="127.0.0.2")
    parser.add_argument("--holders", type=int, default=150)
    parser.add_argument("--reconnectors", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--pause", type=float, default=0.1)
    args = parser.parse_args()
    args.host, _, port = args.connect.rpartition(":")
    args.port = int(port)
    stats = {"connections": 0, "held": []}
    deadline = time.monotonic() + args.seconds
    peers = [peer(args, True, stats, deadline) for _ in range(args.holders)]
    peers += [peer(args, False, stats, deadline) for _ in range(args.reconnectors)]
    # Holders still waiting when the time is up are cut off: their holds are not counted.
    await asyncio.wait([asyncio.ensure_future(p) for p in peers], timeout=args.seconds + 10)
    print(json.dumps(stats))


if __name__ == "__main__":
    asyncio.run(main())
