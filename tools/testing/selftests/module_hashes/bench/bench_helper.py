#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers for bench.sh: strip signature trailers, pick a subset, print table.

  bench_helper.py strip BASE LIST     strip PKCS#7 trailers in place
  bench_helper.py subset LIST N SEED  print N random lines (fixed seed)
  bench_helper.py table RESULTS       print the results table
"""

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import trailer  # noqa: E402


def strip(base, listfile):
    """Truncate each module to drop an appended signature; repeat while one
    is present (a module can only carry one, but be thorough)."""
    nmod = nstripped = total = 0
    with open(listfile) as lf:
        for line in lf:
            rel = line.strip()
            if not rel:
                continue
            path = os.path.join(base, rel)
            nmod += 1
            with open(path, "r+b") as f:
                size = os.fstat(f.fileno()).st_size
                did = False
                while size >= trailer.TAIL_LEN:
                    f.seek(size - trailer.TAIL_LEN)
                    info = trailer.info(f.read(trailer.TAIL_LEN))
                    if info is None:
                        break
                    new = size - trailer.TAIL_LEN - info.sig_len
                    if new < 0:
                        sys.exit("%s: bad signature length %d" % (path, info.sig_len))
                    f.truncate(new)
                    size = new
                    did = True
                nstripped += did
                total += size
    print("%d %d %d" % (nmod, nstripped, total))


def subset(listfile, n, seed):
    with open(listfile) as lf:
        lines = [l.rstrip("\n") for l in lf if l.strip()]
    n = min(n, len(lines))
    pick = random.Random(seed).sample(lines, n)
    for l in sorted(pick):
        print(l)


def table(results):
    """RESULTS: one row per line, tab separated:
    name  wall  cpu  rss_kb  mbytes  note
    The first row whose name starts with 'module-hashes build' is the
    reference for the ratio column."""
    rows = []
    with open(results) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 6:
                continue
            rows.append(p)
    ref = None
    for r in rows:
        if r[0].startswith("module-hashes build") and r[1] not in ("", "-"):
            ref = float(r[1])
            break
    hdr = ("tool", "wall s", "CPU s", "peak RSS MB", "MB/s", "x m-h wall", "notes")
    out = []
    for name, wall, cpu, rss, mb, note in rows:
        if wall in ("", "-"):
            out.append((name, "-", "-", "-", "-", "-", note))
            continue
        w, c, m = float(wall), float(cpu), float(mb)
        rssmb = "%.1f" % (int(rss) / 1024.0) if rss not in ("", "-") else "-"
        ratio = "%.2f" % (w / ref) if ref else "n/a"
        out.append((name, "%.3f" % w, "%.3f" % c, rssmb,
                    "%.0f" % (m / w) if w > 0 else "inf", ratio, note))
    widths = [max(len(str(x[i])) for x in [hdr] + out) for i in range(len(hdr))]
    fmt = "| " + " | ".join("%%-%ds" % w for w in widths) + " |"
    print(fmt % hdr)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in out:
        print(fmt % r)
    targets(rows)


def targets(rows):
    """The issue's targets, judged on wall time of the rows above."""
    by = {}
    for r in rows:
        if r[1] not in ("", "-"):
            by.setdefault(r[0].split(" (")[0], r)
    mh = by.get("module-hashes build")
    print()
    if not mh:
        print("targets:  not judged (module-hashes build did not run)")
        return
    w, rss = float(mh[1]), int(mh[3]) / 1024.0
    checks = []
    o = by.get("openssl dgst -sha256")
    if o:
        ratio = w / float(o[1])
        cpu = float(mh[2]) / float(o[2]) if float(o[2]) > 0 else 0.0
        checks.append(("module-hashes build <= 1.0x openssl wall",
                       "%.2fx" % ratio, ratio <= 1.0,
                       "(CPU %.2fx)" % cpu))
    checks.append(("module-hashes build peak RSS <= 16 MB",
                   "%.1f MB" % rss, rss <= 16.0))
    signs = [r for r in rows
             if r[0].startswith("scripts/sign-file") and r[1] not in ("", "-")]
    if signs:
        s = min(signs, key=lambda r: float(r[1]))   # the fastest, to be fair
        ratio = float(s[1]) / w
        which = s[0].split(" (")[0].replace("scripts/sign-file", "").strip()
        checks.append(("module-hashes build >= 50x faster than sign-file %s"
                       % which, "%.0fx" % ratio, ratio >= 50.0))
    for c in checks:
        what, val, ok = c[:3]
        print(("target:   %-56s %-9s %s %s" % (what, val, "PASS" if ok else "FAIL",
                                              " ".join(c[3:]))).rstrip())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "strip":
        strip(sys.argv[2], sys.argv[3])
    elif cmd == "subset":
        subset(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
