#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test files and expectations for the modinfo suite (kmod/run.sh).

    expect.py strip IN OUT [IN OUT]...  each IN without its trailer, as OUT
    expect.py mutate IN DIR           DIR/NAME.ko: IN (a proven module) with
                                      each hostile trailer NAME of CASES
                                      below; prints "NAME KIND" for each
    expect.py batch                   one check per line of standard input,
                                      one answer per line of output

A check is one of the lines below, its words separated by tabs; several
checks separated by a "|" word pass when all do.  The answer is an empty
line when the check passes, the reason when it fails (for tap.sh's check).

    proof ORIG PATCHED ROOT INDEX SIZE  PATCHED is ORIG plus the proof's lines
    same ORIG PATCHED                 the two outputs are byte for byte equal
    nosig OUT                         OUT shows no trailer at all

ORIG and PATCHED are outputs of the unpatched and the patched modinfo;
ROOT, INDEX and SIZE are what scripts/module-hashes read from the same
file.  How modinfo lays a field out is kmod's: "key:", padded
to 16 columns, the value; a key id as colon-separated upper-case hex bytes,
20 to a line, continued after a newline and two tabs.
"""

import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import trailer  # noqa: E402

# The lines a trailer adds to modinfo's output; "signer" and "signature"
# are a signature's, never a proof's.
TRAILER_KEYS = ("sig_id", "signer", "sig_key", "sig_hashalgo", "signature",
                "sig_leaf_index", "sig_tree_size")


def field(key, value):
    return "%s:%s%s\n" % (key, " " * max(15 - len(key), 0), value)


def key_id(raw):
    """A key id as kmod prints it."""
    hexes = ["%02X" % b for b in raw]
    lines = [":".join(hexes[i:i + 20]) for i in range(0, len(hexes), 20)]
    return ":\n\t\t".join(lines)


def proof_lines(root, index, size):
    return (field("sig_id", "merkle") + field("sig_key", key_id(root)) +
            field("sig_hashalgo", "sha256") + field("sig_leaf_index", index) +
            field("sig_tree_size", size))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


def cmd_strip(*pairs):
    for src, dst in zip(pairs[::2], pairs[1::2]):
        data = read(src)
        parts = trailer.split(data)
        write(dst, parts[0] if parts else data)


def trailer_of(body, proof, info=None, sig_len=None):
    """body + proof + information block + marker; the block is a proof's
    (all zero but id_type and sig_len) unless @info replaces it."""
    info = bytearray(info or trailer.INFO.pack(0, 0, trailer.ID_TYPE_HASHES,
                                               0, 0, b"\0" * 3, 0))
    struct.pack_into(">I", info, 8, len(proof) if sig_len is None else sig_len)
    return body + proof + bytes(info) + trailer.MARKER


def with_field(offset, value):
    """A proof whose information block has byte @offset set to @value."""
    def make(p, proof):
        info = bytearray(trailer.INFO.pack(0, 0, trailer.ID_TYPE_HASHES, 0, 0,
                                           b"\0" * 3, 0))
        info[offset] = value
        return trailer_of(p.body, proof, info)
    return make


def head(index, size, root):
    return trailer.HEAD.pack(index, size, root)


def synthetic(index, size, k):
    """A well-formed proof for a tree this module is not in: the format
    only, with made-up hashes."""
    def make(p, proof):
        path = b"".join(bytes([i + 1]) * trailer.HASH_LEN for i in range(k))
        return trailer_of(p.body, head(index, size, bytes(range(32))) + path)
    return make


# name: (kind, make(proof, its raw bytes) -> file).  "malformed": the kernel
# refuses the trailer as it stands, so modinfo must show none; "proof": the
# format holds (whatever the tree), so modinfo shows it.
CASES = {
    "path-one-short": ("malformed", lambda p, r: trailer_of(p.body, r[:-trailer.HASH_LEN])),
    "path-one-long": ("malformed", lambda p, r: trailer_of(p.body, r + p.root)),
    "index-equals-size": ("malformed", lambda p, r: trailer_of(
        p.body, head(p.size, p.size, p.root) + r[trailer.HEAD_LEN:])),
    "size-zero": ("malformed", lambda p, r: trailer_of(
        p.body, head(0, 0, p.root) + r[trailer.HEAD_LEN:])),
    "size-max-short-path": ("malformed", lambda p, r: trailer_of(
        p.body, head(0, 0xffffffff, p.root) + r[trailer.HEAD_LEN:])),
    "algo-set": ("malformed", with_field(0, 1)),
    "hash-sha256": ("malformed", with_field(1, 4)),
    "signer-len-set": ("malformed", with_field(3, 1)),
    "key-id-len-set": ("malformed", with_field(4, 1)),
    "pad-set": ("malformed", with_field(6, 1)),
    "sig-len-below-head": ("malformed", lambda p, r: trailer_of(p.body, r, sig_len=8)),
    "sig-len-whole-file": ("malformed", lambda p, r: trailer_of(
        p.body, r, sig_len=len(p.body) + len(r))),
    "sig-len-beyond-file": ("malformed", lambda p, r: trailer_of(
        p.body, r, sig_len=len(p.body) + len(r) + 1)),
    "sig-len-max": ("malformed", lambda p, r: trailer_of(p.body, r, sig_len=0xffffffff)),
    "sig-len-zero": ("malformed", lambda p, r: trailer_of(p.body, r, sig_len=0)),
    "single-leaf": ("proof", synthetic(0, 1, 0)),
    "largest-tree-last-leaf": ("proof", synthetic(0xfffffffe, 0xffffffff, 31)),
}


def cmd_mutate(src, outdir):
    data = read(src)
    p = trailer.proof(data)
    raw = trailer.split(data)[1]
    for name, (kind, make) in CASES.items():
        write(os.path.join(outdir, name + ".ko"), make(p, raw))
        print(name, kind)


def first_difference(a, b):
    al, bl = a.splitlines(True), b.splitlines(True)
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return "line %d: %r, expected %r" % (i + 1, y, x)
    if len(bl) > len(al):
        return "line %d: %r, expected no more" % (len(al) + 1, bl[len(al)])
    if len(al) > len(bl):
        return "ends at line %d, expected %r" % (len(bl), al[len(bl)])
    return "differs"


def cmd_proof(orig, patched, root, index, size):
    want_lines = proof_lines(bytes.fromhex(root), int(index), int(size))
    o = read(orig).decode("utf-8", "replace")
    if any(line.split(":")[0] in TRAILER_KEYS for line in o.splitlines()):
        return "the unpatched modinfo shows a trailer line already"
    # The trailer's lines follow the .modinfo keys; parameters come last.
    lines = o.splitlines(True)
    at = next((i for i, l in enumerate(lines) if l.startswith("parm:")), len(lines))
    want = "".join(lines[:at]) + want_lines + "".join(lines[at:])
    got = read(patched).decode("utf-8", "replace")
    return "" if got == want else first_difference(want, got)


def cmd_same(orig, patched):
    a, b = read(orig), read(patched)
    if a == b:
        return ""
    return first_difference(a.decode("utf-8", "replace"), b.decode("utf-8", "replace"))


def cmd_nosig(out):
    for line in read(out).decode("utf-8", "replace").splitlines():
        if line.split(":")[0] in TRAILER_KEYS:
            return "shows %r" % line
    return ""


CHECKS = {"proof": (cmd_proof, 5), "same": (cmd_same, 2), "nosig": (cmd_nosig, 1)}


def answer(words):
    """The reason the checks of one batch line fail, or ""."""
    while words:
        n = words.index("|") if "|" in words else len(words)
        check, args = words[0], words[1:n]
        if check not in CHECKS or len(args) != CHECKS[check][1]:
            return "expect.py: bad check %r" % " ".join(words[:n])
        try:
            why = CHECKS[check][0](*args)
        except OSError as e:
            why = str(e)
        if why:
            return why
        words = words[n + 1:]
    return ""


def cmd_batch():
    for line in sys.stdin:
        words = [w for w in line.rstrip("\n").split("\t") if w]
        print(answer(words).replace("\n", " "), flush=True)


def usage():
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


def main(argv):
    if len(argv) < 2:
        return usage()
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "strip" and args and len(args) % 2 == 0:
            cmd_strip(*args)
        elif cmd == "mutate" and len(args) == 2:
            cmd_mutate(*args)
        elif cmd == "batch" and not args:
            cmd_batch()
        else:
            return usage()
    except (OSError, trailer.TrailerError) as e:
        print("ERROR: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
