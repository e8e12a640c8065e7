#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile copies of proven modules, from the one table of vectors.

  mutate.py all VECTORS MODULE OTHER OTHER_TREE OUTDIR
      For each row of VECTORS (kernel/module/hashes_vectors.h) that any
      proven module can take (scope ALL), write OUTDIR/vNN.ko made from
      MODULE and print "case vNN VERDICT BODY NAME", BODY being "module" or
      "other" (whose module bytes the file carries).  For each row that
      cannot be applied to a booted kernel's modules print
      "skip NAME SCOPE".  OTHER is another proven module of the same tree,
      OTHER_TREE the same module as MODULE proven in another tree.
  mutate.py one VECTORS NAME MODULE OUT
      Only row NAME, which must need no other file.

The steps are those documented in hashes_vectors.h; KUnit and the host
tests apply the same rows to their own fixture.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import trailer  # noqa: E402

VERDICTS = {"VERIFIED": "verified", "NO_PROOF": "no-proof",
            "MALFORMED": "malformed", "OTHER_BUILD": "other-build",
            "TAMPERED": "tampered"}


class Vector:
    def __init__(self, name, want, scope, what, steps):
        self.name = name
        self.want = VERDICTS[want]
        self.scope = scope
        self.what = what
        self.steps = steps


def split_args(text):
    """Split @text at its top-level commas."""
    args, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "(":
            depth += 1
        elif not quoted and ch in ")":
            depth -= 1
        elif not quoted and ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        args.append(cur.strip())
    return args


def number(text, consts):
    """An integer argument: a C constant expression of numbers and the
    file's own constants."""
    for k, v in consts.items():
        text = re.sub(r"\b%s\b" % k, str(v), text)
    if not re.fullmatch(r"[0-9a-fA-Fx +\-*()]+", text):
        sys.exit("ERROR: hashes_vectors.h: cannot read %r" % text)
    return int(eval(text, {"__builtins__": {}}))


def load(path):
    """The rows of hashes_vectors.h, in order."""
    src = open(path).read()
    consts = {m.group(1): int(m.group(2), 0) for m in
              re.finditer(r"#define\s+(MHV_FIX_\w+|MHV_GARBAGE|ADJUSTED|KEPT)\s+(\w+)", src)}
    table = src[src.index("mhv_vectors[] = {"):]
    rows = []
    for m in re.finditer(r"^\s*MHV\(", table, re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(table[i], 0)
            i += 1
        a = split_args(table[m.end():i - 1])
        steps = []
        for s in a[4:]:
            op, inner = re.fullmatch(r"MHV_(\w+)\((.*)\)", s, re.S).groups()
            sargs = split_args(inner)
            steps.append((op, [x if re.fullmatch(r"[A-Z_]+", x) and x not in consts
                               else number(x, consts) for x in sargs]))
        rows.append(Vector(a[0].strip('"'), a[1], a[2],
                           " ".join(x.strip().strip('"') for x in a[3].split('"\n')), steps))
    return rows, consts


def path_len(m, n):
    """The length of PATH(m, D[n]) by the recursion of RFC 9162, or -1."""
    if n == 0 or m >= n:
        return -1
    if n == 1:
        return 0
    k = 1
    while 2 * k < n:
        k *= 2
    return 1 + (path_len(m, k) if m < k else path_len(m - k, n - k))


class File:
    """A proven module file in parts, laid out only by build()."""

    def __init__(self, p, garbage):
        self.garbage = garbage
        self.body = bytearray(p.body)
        self.before = 0
        self.head = True
        self.index, self.size = p.index, p.size
        self.root = bytearray(p.root)
        self.path = [bytearray(h) for h in p.path]
        self.gap = 0
        self.info = bytearray(trailer.INFO.pack(p.info.algo, p.info.hash, p.info.id_type,
                                                p.info.signer_len, p.info.key_id_len,
                                                p.info.pad, 0)[:8])
        self.sig_len = p.info.sig_len
        self.marker = bytearray(trailer.MARKER)
        self.after = 0
        self.cut = 0

    def before_info(self):
        return (len(self.body) + self.before + (trailer.HEAD_LEN if self.head else 0) +
                trailer.HASH_LEN * len(self.path) + self.gap)

    def build(self):
        g = bytes([self.garbage])
        out = bytes(self.body) + g * self.before
        if self.head:
            out += trailer.HEAD.pack(self.index, self.size, bytes(self.root))
        out += b"".join(bytes(h) for h in self.path) + g * self.gap
        out += bytes(self.info) + self.sig_len.to_bytes(4, "big")
        out += bytes(self.marker) + g * self.after
        return out[:len(out) - self.cut]


def field_bytes(f, field):
    if field == "BODY":
        return f.body
    if field == "ROOT":
        return f.root
    if field == "INFO":
        return f.info
    if field == "MARKER":
        return f.marker
    if field == "PATH":
        return None
    raise ValueError("no byte field " + field)


def poke(f, field, off, fn):
    """Byte @off of @field (negative: from its end) = fn(byte)."""
    if field == "PATH":
        n = trailer.HASH_LEN * len(f.path)
        off = off + n if off < 0 else off
        if not 0 <= off < n:
            raise ValueError("byte %d of a path of %d" % (off, n))
        h = f.path[off // trailer.HASH_LEN]
        h[off % trailer.HASH_LEN] = fn(h[off % trailer.HASH_LEN])
        return
    b = field_bytes(f, field)
    off = off + len(b) if off < 0 else off
    if not 0 <= off < len(b):
        raise ValueError("byte %d of a field of %d" % (off, len(b)))
    b[off] = fn(b[off])


FIELDS32 = {"INDEX": "index", "SIZE": "size", "SIG_LEN": "sig_len"}


def resize_path(f, k):
    while len(f.path) < k:
        f.path.append(bytearray(f.path[0]))
        f.sig_len += trailer.HASH_LEN
    while len(f.path) > k:
        f.path.pop()
        f.sig_len -= trailer.HASH_LEN


def step(f, op, a, other, other_tree):
    """Apply one step; returns the File to go on with."""
    if op == "NONE":
        pass
    elif op == "XOR":
        poke(f, a[0], a[1], lambda b: b ^ a[2])
    elif op == "SET8":
        poke(f, a[0], a[1], lambda b: a[2])
    elif op in ("SET32", "ADD32", "XOR32", "COPY32"):
        attr = FIELDS32[a[0]]
        old = getattr(f, attr)
        new = {"SET32": lambda: a[1], "ADD32": lambda: old + a[1],
               "XOR32": lambda: old ^ a[1],
               "COPY32": lambda: getattr(f, FIELDS32[a[1]])}[op]()
        setattr(f, attr, new % (1 << 32))
    elif op == "SIG_LEN_TO_START":
        f.sig_len = f.before_info() + a[0]
    elif op in ("DROP_HASH", "ADD_HASH"):
        sig_len = f.sig_len
        resize_path(f, len(f.path) + (1 if op == "ADD_HASH" else -1))
        if not a[0]:
            f.sig_len = sig_len
    elif op == "FIT_PATH":
        k = path_len(f.index, f.size)
        if k >= 0:
            resize_path(f, k)
    elif op == "INSERT":
        if a[0] == "START":
            f.body[0:0] = bytes([f.garbage]) * a[1]
        else:
            attr = {"PROOF": "before", "INFO": "gap", "END": "after"}[a[0]]
            setattr(f, attr, getattr(f, attr) + a[1])
    elif op == "CUT":
        f.cut += a[0]
    elif op == "NO_TRAILER":
        f.cut = len(f.build()) + f.cut - len(f.body)
    elif op == "PKCS7":
        f.info[2] = trailer.PKEY_ID_PKCS7
        f.head, f.path, f.gap, f.sig_len = False, [], a[0], a[0]
    elif op == "SWAP_PROOF":
        body = f.body
        f = File(trailer.proof(other), f.garbage)
        f.body = body
    elif op == "SWAP_BODY":
        f.body = bytearray(trailer.proof(other).body)
    elif op == "OTHER_TREE":
        f = File(trailer.proof(other_tree), f.garbage)
    else:
        raise ValueError("unknown step " + op)
    return f


def apply(v, data, garbage, other=None, other_tree=None):
    f = File(trailer.proof(data), garbage)
    for op, a in v.steps:
        f = step(f, op, a, other, other_tree)
    return f.build()


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("all", "one"):
        sys.exit(__doc__)
    rows, consts = load(sys.argv[2])
    garbage = consts["MHV_GARBAGE"]
    try:
        if sys.argv[1] == "one":
            name, src, dst = sys.argv[3:6]
            v = [r for r in rows if r.name == name]
            if not v:
                sys.exit("ERROR: no vector " + name)
            open(dst, "wb").write(apply(v[0], open(src, "rb").read(), garbage))
            return
        src, other, other_tree, out = sys.argv[3:7]
        data, other = open(src, "rb").read(), open(other, "rb").read()
        other_tree = open(other_tree, "rb").read()
        for i, v in enumerate(rows):
            if v.scope != "ALL":
                print("skip %s %s" % (v.name, v.scope))
                continue
            case = "v%02d" % i
            open(os.path.join(out, case + ".ko"), "wb").write(
                apply(v, data, garbage, other, other_tree))
            body = "other" if any(op == "SWAP_BODY" for op, _ in v.steps) else "module"
            print("case %s %s %s %s" % (case, v.want, body, v.name))
    except (trailer.TrailerError, ValueError) as e:
        sys.exit("ERROR: %s" % e)


if __name__ == "__main__":
    main()
