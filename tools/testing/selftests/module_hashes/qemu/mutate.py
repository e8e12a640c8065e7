#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make a hostile copy of a proven module: mutate.py MODE IN OUT.

Modes (each with the verdict the kernel must give):
  body-flip      flip one byte of the module bytes          tampered
  path-flip      flip one byte of the first path hash       tampered
  index-swap     leaf index i -> i ^ 1 (same path length)   tampered
  index-range    leaf index = tree size                     malformed
  size-zero      tree size = 0                              malformed
  truncate-path  drop the last path hash, sig_len adjusted  malformed
  root-flip      flip one byte of the proof's root          other-build
  trailer-cut    cut the last 10 bytes (marker damaged)     no-proof
"""
import struct
import sys

MARKER = b"~Module signature appended~\n"
SIG = struct.Struct(">BBBBB3xI")


def split(data):
    if not data.endswith(MARKER):
        sys.exit("ERROR: no module-signature trailer")
    end = len(data) - len(MARKER) - SIG.size
    _, _, id_type, _, _, sig_len = SIG.unpack_from(data, end)
    if id_type != 3:
        sys.exit("ERROR: trailer is not a hash proof")
    start = end - sig_len
    return bytearray(data[:start]), bytearray(data[start:end]), data[end:]


def main():
    mode, src, dst = sys.argv[1:4]
    data = open(src, "rb").read()
    body, proof, tail = split(data)
    index, size = struct.unpack_from("<II", proof, 0)
    if mode == "body-flip":
        body[len(body) // 2] ^= 0x01
    elif mode == "path-flip":
        if len(proof) < 72:
            sys.exit("ERROR: proof has no path hash")
        proof[40] ^= 0x80
    elif mode == "index-swap":
        if index > 1 or size < 2:
            sys.exit("ERROR: index-swap needs leaf 0 or 1 of a tree of 2+")
        struct.pack_into("<I", proof, 0, index ^ 1)
    elif mode == "index-range":
        struct.pack_into("<I", proof, 0, size)
    elif mode == "size-zero":
        struct.pack_into("<I", proof, 4, 0)
    elif mode == "truncate-path":
        if len(proof) < 72:
            sys.exit("ERROR: proof has no path hash")
        proof = proof[:-32]
        tail = bytearray(tail)
        struct.pack_into(">I", tail, 8, len(proof))
    elif mode == "root-flip":
        proof[8] ^= 0x01
    elif mode == "trailer-cut":
        tail = tail[:-10]
    else:
        sys.exit("ERROR: unknown mode " + mode)
    open(dst, "wb").write(bytes(body) + bytes(proof) + bytes(tail))


if __name__ == "__main__":
    main()
