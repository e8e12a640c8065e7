# SPDX-License-Identifier: GPL-2.0
"""The module-signature trailer of a module file, for the test scripts.

A module file that carries a signature or a hash proof ends in

    [module bytes][signature or proof][struct module_signature][marker]

where struct module_signature is 12 bytes (algo, hash, id_type, signer_len,
key_id_len, 3 bytes of padding, sig_len big-endian) and the marker is
MODULE_SIG_STRING.  A hash proof (id_type 3) is leaf_index and tree_size
(little-endian), the root and the path hashes: include/linux/module_hashes.h
is the definition, this is only a reader for the scripts around the tests.
"""

import struct

MARKER = b"~Module signature appended~\n"
INFO = struct.Struct(">BBBBB3sI")
INFO_LEN = INFO.size                    # 12
TAIL_LEN = INFO_LEN + len(MARKER)       # 40: info block and marker
HEAD = struct.Struct("<II32s")
HEAD_LEN = HEAD.size                    # 40: leaf_index, tree_size, root
HASH_LEN = 32
PKEY_ID_PKCS7 = 2
ID_TYPE_HASHES = 3


class TrailerError(Exception):
    """A trailer that is not what the caller asked for."""


class Info:
    """struct module_signature: every field by name, sig_len in CPU order."""

    def __init__(self, raw):
        (self.algo, self.hash, self.id_type, self.signer_len,
         self.key_id_len, self.pad, self.sig_len) = INFO.unpack(raw)

    def reserved(self):
        """The bytes a hash proof must leave zero (all but id_type)."""
        return bytes([self.algo, self.hash, self.signer_len,
                      self.key_id_len]) + self.pad


def info(tail):
    """The info block of a file ending in @tail (at least its last 40
    bytes), or None when it does not end in the marker."""
    if len(tail) < TAIL_LEN or not tail.endswith(MARKER):
        return None
    return Info(tail[-TAIL_LEN:-len(MARKER)])


def split(data):
    """(module bytes, signature or proof, Info) of a file with a trailer;
    None without one.  Raises TrailerError when sig_len does not fit."""
    i = info(data)
    if i is None:
        return None
    end = len(data) - TAIL_LEN
    if i.sig_len > end:
        raise TrailerError("sig_len %d beyond the file" % i.sig_len)
    return data[:end - i.sig_len], data[end - i.sig_len:end], i


class Proof:
    """A module file with a hash proof, in parts."""

    def __init__(self, body, index, size, root, path, info_block):
        self.body = body
        self.index = index
        self.size = size
        self.root = root
        self.path = path
        self.info = info_block


def proof(data):
    """The Proof of a file whose trailer is a hash proof; raises
    TrailerError for anything else."""
    parts = split(data)
    if parts is None:
        raise TrailerError("no module-signature trailer")
    body, sig, i = parts
    if i.id_type != ID_TYPE_HASHES:
        raise TrailerError("trailer is not a hash proof (id_type %d)" % i.id_type)
    if len(sig) < HEAD_LEN or (len(sig) - HEAD_LEN) % HASH_LEN:
        raise TrailerError("proof of %d bytes" % len(sig))
    index, size, root = HEAD.unpack_from(sig)
    path = [sig[o:o + HASH_LEN] for o in range(HEAD_LEN, len(sig), HASH_LEN)]
    return Proof(body, index, size, root, path, i)
