/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostile module files for CONFIG_MODULE_HASHES: the one table.
 *
 * Each row takes the proven file of one module, changes it (or the root
 * descriptor it is checked against) in one or two declared steps, and says
 * which verdict the format requires.  The same rows are read by the KUnit
 * suite (kernel/module/hashes_kunit.c), the host format tests
 * (tools/testing/selftests/module_hashes/test_format.c) and the QEMU tests
 * (tools/testing/selftests/module_hashes/qemu/mutate.py, which parses this
 * file: keep one MHV() row per block, its arguments in this order).
 *
 * A row is
 *
 *	MHV("name", VERDICT, SCOPE, "what it does", step[, step])
 *
 * named for what it does, like the files of transparency-dev/merkle's
 * testdata/inclusion.  SCOPE says who can apply it:
 *
 *	ALL	any proven module: the verdict follows from the format alone;
 *	FIXTURE	only leaf MHV_FIX_INDEX of a tree of MHV_FIX_SIZE leaves, the
 *		file KUnit and the host tests build: the verdict depends on
 *		those numbers (which indices share a path length);
 *	TRUSTED	changes the trusted root descriptor, which a booted kernel
 *		cannot have changed.
 *
 * A file is, in order: BODY (the module bytes), the proof head (INDEX,
 * SIZE, ROOT), PATH (the path hashes), INFO (struct module_signature, whose
 * SIG_LEN is big-endian) and MARKER (MODULE_SIG_STRING).  The steps:
 *
 *	MHV_NONE()		nothing
 *	MHV_XOR(F, OFF, MASK)	byte OFF of field F ^= MASK; OFF < 0 counts
 *				from the end of F (-1 is its last byte)
 *	MHV_SET8(F, OFF, VAL)	byte OFF of field F = VAL
 *	MHV_SET32(F, VAL)	32-bit field F = VAL
 *	MHV_ADD32(F, DELTA)	32-bit field F += DELTA, modulo 2^32
 *	MHV_XOR32(F, MASK)	32-bit field F ^= MASK
 *	MHV_COPY32(F, G)	32-bit field F = field G
 *	MHV_SIG_LEN_TO_START(N)	SIG_LEN reaching N bytes before the file's
 *				first byte (0: no module bytes left)
 *	MHV_DROP_HASH(ADJUSTED)	remove the last path hash, sig_len follows
 *	MHV_DROP_HASH(KEPT)	the same, sig_len unchanged
 *	MHV_ADD_HASH(ADJUSTED)	append a copy of path[0], sig_len follows
 *	MHV_ADD_HASH(KEPT)	the same, sig_len unchanged
 *	MHV_FIT_PATH()		add or remove hashes (copies of path[0]) until
 *				the path has the RFC 9162 length of the
 *				current index and size; sig_len follows
 *	MHV_INSERT(AT, N)	N bytes MHV_GARBAGE inserted at AT: START
 *				(before the body), PROOF (between body and
 *				proof), INFO (between path and info block) or
 *				END (after the marker); sig_len unchanged
 *	MHV_CUT(N)		drop the last N bytes of the file
 *	MHV_NO_TRAILER()	drop everything after the body
 *	MHV_PKCS7(N)		replace proof and info block by N bytes
 *				MHV_GARBAGE under an info block of id_type
 *				PKEY_ID_PKCS7 and sig_len N
 *	MHV_SWAP_PROOF()	this body with the proof of another module of
 *				the same tree (leaf MHV_FIX_OTHER)
 *	MHV_SWAP_BODY()		the body of another module of the same tree
 *				with this proof
 *	MHV_OTHER_TREE()	this module proven in another tree (one of
 *				MHV_FIX_SIZE + 1 leaves)
 *
 * 32-bit fields are INDEX, SIZE (little-endian), SIG_LEN (big-endian),
 * TRUSTED_ALGO and TRUSTED_SIZE; byte fields are BODY, ROOT, PATH (all
 * path hashes as one field), INFO, MARKER and TRUSTED_ROOT.
 */

#ifndef _KERNEL_MODULE_HASHES_VECTORS_H
#define _KERNEL_MODULE_HASHES_VECTORS_H

/* The fixture: leaf 6 of a tree of 11, path of 4; leaf 3 is "another". */
#define MHV_FIX_SIZE	11
#define MHV_FIX_INDEX	6
#define MHV_FIX_PATH	4
#define MHV_FIX_OTHER	3
#define MHV_GARBAGE	0xa5

enum mhv_scope {
	MHV_SCOPE_ALL,
	MHV_SCOPE_FIXTURE,
	MHV_SCOPE_TRUSTED,
};

enum mhv_field {
	MHV_F_NONE,
	MHV_F_BODY,
	MHV_F_INDEX,
	MHV_F_SIZE,
	MHV_F_ROOT,
	MHV_F_PATH,
	MHV_F_INFO,
	MHV_F_SIG_LEN,
	MHV_F_MARKER,
	MHV_F_TRUSTED_ALGO,
	MHV_F_TRUSTED_SIZE,
	MHV_F_TRUSTED_ROOT,
	/* MHV_INSERT() places */
	MHV_F_START,
	MHV_F_PROOF,
	MHV_F_END,
};

enum mhv_op {
	MHV_OP_NONE,
	MHV_OP_XOR,
	MHV_OP_SET8,
	MHV_OP_SET32,
	MHV_OP_ADD32,
	MHV_OP_XOR32,
	MHV_OP_COPY32,
	MHV_OP_SIG_LEN_TO_START,
	MHV_OP_DROP_HASH,
	MHV_OP_ADD_HASH,
	MHV_OP_FIT_PATH,
	MHV_OP_INSERT,
	MHV_OP_CUT,
	MHV_OP_NO_TRAILER,
	MHV_OP_PKCS7,
	MHV_OP_SWAP_PROOF,
	MHV_OP_SWAP_BODY,
	MHV_OP_OTHER_TREE,
};

/**
 * struct mhv_step - one change to a module file or its trusted root
 * @op: what is done, MHV_OP_*
 * @field: to which field or at which place, MHV_F_*
 * @off: byte offset in @field, negative from its end; or a count
 * @val: the value, mask, delta or second field
 */
struct mhv_step {
	unsigned char op;
	unsigned char field;
	int off;
	unsigned int val;
};

/**
 * struct mhv_vector - one hostile module file
 * @name: what is done, short, unique; used as the test's name
 * @want: the verdict the format requires
 * @scope: who can apply it, MHV_SCOPE_*
 * @what: what is done, in a sentence
 * @step: the changes, in order; an unused step is MHV_OP_NONE
 */
struct mhv_vector {
	const char *name;
	enum module_hashes_verdict want;
	enum mhv_scope scope;
	const char *what;
	struct mhv_step step[2];
};

#define ADJUSTED	1
#define KEPT		0

#define MHV_NONE()		{ MHV_OP_NONE, MHV_F_NONE, 0, 0 }
#define MHV_XOR(f, off, m)	{ MHV_OP_XOR, MHV_F_##f, off, m }
#define MHV_SET8(f, off, v)	{ MHV_OP_SET8, MHV_F_##f, off, v }
#define MHV_SET32(f, v)		{ MHV_OP_SET32, MHV_F_##f, 0, v }
#define MHV_ADD32(f, d)		{ MHV_OP_ADD32, MHV_F_##f, 0, (unsigned int)(d) }
#define MHV_XOR32(f, m)		{ MHV_OP_XOR32, MHV_F_##f, 0, m }
#define MHV_COPY32(f, g)	{ MHV_OP_COPY32, MHV_F_##f, 0, MHV_F_##g }
#define MHV_SIG_LEN_TO_START(n)	{ MHV_OP_SIG_LEN_TO_START, MHV_F_SIG_LEN, n, 0 }
#define MHV_DROP_HASH(adj)	{ MHV_OP_DROP_HASH, MHV_F_PATH, 0, adj }
#define MHV_ADD_HASH(adj)	{ MHV_OP_ADD_HASH, MHV_F_PATH, 0, adj }
#define MHV_FIT_PATH()		{ MHV_OP_FIT_PATH, MHV_F_PATH, 0, 0 }
#define MHV_INSERT(at, n)	{ MHV_OP_INSERT, MHV_F_##at, n, 0 }
#define MHV_CUT(n)		{ MHV_OP_CUT, MHV_F_END, n, 0 }
#define MHV_NO_TRAILER()	{ MHV_OP_NO_TRAILER, MHV_F_NONE, 0, 0 }
#define MHV_PKCS7(n)		{ MHV_OP_PKCS7, MHV_F_NONE, n, 0 }
#define MHV_SWAP_PROOF()	{ MHV_OP_SWAP_PROOF, MHV_F_NONE, 0, 0 }
#define MHV_SWAP_BODY()		{ MHV_OP_SWAP_BODY, MHV_F_NONE, 0, 0 }
#define MHV_OTHER_TREE()	{ MHV_OP_OTHER_TREE, MHV_F_NONE, 0, 0 }

#define MHV(name, want, scope, what, ...)				\
	{ name, MODULE_HASHES_##want, MHV_SCOPE_##scope, what, { __VA_ARGS__ } }

static const struct mhv_vector mhv_vectors[] = {
	MHV("unmodified", VERIFIED, ALL,
	    "the proven file as built",
	    MHV_NONE()),

	/* The module bytes. */
	MHV("body[0]-bit-0", TAMPERED, ALL,
	    "flip bit 0 of the first module byte",
	    MHV_XOR(BODY, 0, 0x01)),
	MHV("body[40]-bit-3", TAMPERED, ALL,
	    "flip bit 3 of module byte 40",
	    MHV_XOR(BODY, 40, 0x08)),
	MHV("body[-1]-bit-7", TAMPERED, ALL,
	    "flip bit 7 of the last module byte",
	    MHV_XOR(BODY, -1, 0x80)),
	MHV("body-of-another-leaf", TAMPERED, ALL,
	    "another module's bytes with this module's proof",
	    MHV_SWAP_BODY()),
	MHV("proof-of-another-leaf", TAMPERED, ALL,
	    "this module's bytes with another module's proof",
	    MHV_SWAP_PROOF()),

	/* The proof head and path. */
	MHV("path[0]-bit-0", TAMPERED, ALL,
	    "flip bit 0 of byte 0 of the first path hash",
	    MHV_XOR(PATH, 0, 0x01)),
	MHV("path[1][11]-bit-0", TAMPERED, ALL,
	    "flip bit 0 of byte 11 of path hash 1",
	    MHV_XOR(PATH, 32 + 11, 0x01)),
	MHV("path[2][22]-bit-0", TAMPERED, FIXTURE,
	    "flip bit 0 of byte 22 of path hash 2 (needs a path of 3)",
	    MHV_XOR(PATH, 64 + 22, 0x01)),
	MHV("path[3][1]-bit-0", TAMPERED, FIXTURE,
	    "flip bit 0 of byte 1 of path hash 3 (needs a path of 4)",
	    MHV_XOR(PATH, 96 + 1, 0x01)),
	MHV("root[31]-bit-7", OTHER_BUILD, ALL,
	    "flip bit 7 of the last byte of the proof's root",
	    MHV_XOR(ROOT, 31, 0x80)),
	MHV("proof-from-another-tree", OTHER_BUILD, ALL,
	    "this module with its proof from a tree of other modules",
	    MHV_OTHER_TREE()),

	MHV("leaf_index-bit-0", TAMPERED, FIXTURE,
	    "leaf_index 6 -> 7, the same path length: a wrong walk",
	    MHV_XOR32(INDEX, 0x1)),
	MHV("leaf_index-bit-3", MALFORMED, FIXTURE,
	    "leaf_index 6 -> 14, not below tree_size 11",
	    MHV_XOR32(INDEX, 0x8)),
	MHV("leaf_index-bit-31", MALFORMED, ALL,
	    "set bit 31 of leaf_index: far beyond tree_size",
	    MHV_XOR32(INDEX, 0x80000000)),
	MHV("leaf_index-plus-1", TAMPERED, FIXTURE,
	    "leaf_index 6 -> 7, the same path length",
	    MHV_ADD32(INDEX, 1)),
	MHV("leaf_index-minus-1", TAMPERED, FIXTURE,
	    "leaf_index 6 -> 5, the same path length",
	    MHV_ADD32(INDEX, -1)),
	MHV("leaf_index-8", MALFORMED, FIXTURE,
	    "leaf_index 8, whose path is 3 hashes, not 4",
	    MHV_SET32(INDEX, 8)),
	MHV("leaf_index-is-tree_size", MALFORMED, ALL,
	    "leaf_index = tree_size, one past the last leaf",
	    MHV_COPY32(INDEX, SIZE)),
	MHV("leaf_index-0xffffffff", MALFORMED, ALL,
	    "leaf_index 2^32 - 1",
	    MHV_SET32(INDEX, 0xffffffff)),

	MHV("tree_size-bit-0", OTHER_BUILD, FIXTURE,
	    "tree_size 11 -> 10, leaf 6 keeps its path length",
	    MHV_XOR32(SIZE, 0x1)),
	MHV("tree_size-bit-4", MALFORMED, FIXTURE,
	    "tree_size 11 -> 27, leaf 6 would need a path of 5",
	    MHV_XOR32(SIZE, 0x10)),
	MHV("tree_size-bit-31", MALFORMED, ALL,
	    "set bit 31 of tree_size: the path would be 32 hashes",
	    MHV_XOR32(SIZE, 0x80000000)),
	MHV("tree_size-bit-31-path-fitted", OTHER_BUILD, ALL,
	    "set bit 31 of tree_size and grow the path to its 32 hashes",
	    MHV_XOR32(SIZE, 0x80000000), MHV_FIT_PATH()),
	MHV("tree_size-0", MALFORMED, ALL,
	    "tree_size 0",
	    MHV_SET32(SIZE, 0)),
	MHV("tree_size-22", MALFORMED, FIXTURE,
	    "tree_size doubled, the path kept",
	    MHV_SET32(SIZE, 22)),
	MHV("tree_size-22-path-fitted", OTHER_BUILD, FIXTURE,
	    "tree_size doubled and the path grown to fit: another tree",
	    MHV_SET32(SIZE, 22), MHV_FIT_PATH()),
	MHV("tree_size-5", MALFORMED, FIXTURE,
	    "tree_size halved, below leaf_index 6",
	    MHV_SET32(SIZE, 5)),

	/*
	 * With sig_len kept (and sig_len +-32) the proof head is read 32 bytes
	 * off: from module bytes or from the root, whose index and size do not
	 * give the path length sig_len claims.
	 */
	MHV("path-short-sig_len-adjusted", MALFORMED, ALL,
	    "drop the last path hash and shorten sig_len to match",
	    MHV_DROP_HASH(ADJUSTED)),
	MHV("path-short-sig_len-kept", MALFORMED, ALL,
	    "drop the last path hash, sig_len unchanged",
	    MHV_DROP_HASH(KEPT)),
	MHV("path-long-sig_len-adjusted", MALFORMED, ALL,
	    "append a path hash and lengthen sig_len to match",
	    MHV_ADD_HASH(ADJUSTED)),
	MHV("path-long-sig_len-kept", MALFORMED, ALL,
	    "append a path hash, sig_len unchanged",
	    MHV_ADD_HASH(KEPT)),

	/* Bytes where none belong. */
	MHV("garbage-7-before-body", TAMPERED, ALL,
	    "7 bytes inserted before the module bytes",
	    MHV_INSERT(START, 7)),
	MHV("garbage-16-before-proof", TAMPERED, ALL,
	    "16 bytes between module bytes and proof: they hash as module bytes",
	    MHV_INSERT(PROOF, 16)),
	MHV("garbage-32-before-info-sig_len-adjusted", MALFORMED, ALL,
	    "32 bytes between path and info block, counted in sig_len",
	    MHV_INSERT(INFO, 32), MHV_ADD32(SIG_LEN, 32)),
	MHV("garbage-16-after-marker", NO_PROOF, ALL,
	    "16 bytes after the marker: the file no longer ends in it",
	    MHV_INSERT(END, 16)),
	MHV("garbage-1-after-marker", NO_PROOF, ALL,
	    "one byte after the marker",
	    MHV_INSERT(END, 1)),

	/* The info block. */
	MHV("info.algo-1", MALFORMED, ALL,
	    "reserved field algo set to 1",
	    MHV_SET8(INFO, 0, 1)),
	MHV("info.hash-1", MALFORMED, ALL,
	    "reserved field hash set to 1",
	    MHV_SET8(INFO, 1, 1)),
	MHV("info.signer_len-1", MALFORMED, ALL,
	    "reserved field signer_len set to 1",
	    MHV_SET8(INFO, 3, 1)),
	MHV("info.key_id_len-1", MALFORMED, ALL,
	    "reserved field key_id_len set to 1",
	    MHV_SET8(INFO, 4, 1)),
	MHV("info.__pad[0]-1", MALFORMED, ALL,
	    "padding byte 0 set to 1",
	    MHV_SET8(INFO, 5, 1)),
	MHV("info.__pad[1]-0x80", MALFORMED, ALL,
	    "padding byte 1 set to 0x80",
	    MHV_SET8(INFO, 6, 0x80)),
	MHV("info.__pad[2]-0xff", MALFORMED, ALL,
	    "padding byte 2 set to 0xff",
	    MHV_SET8(INFO, 7, 0xff)),
	MHV("info.id_type-0", NO_PROOF, ALL,
	    "id_type 0 (PGP): a trailer of another kind",
	    MHV_SET8(INFO, 2, 0)),
	MHV("info.id_type-2", NO_PROOF, ALL,
	    "id_type 2 (PKCS#7) over a proof",
	    MHV_SET8(INFO, 2, 2)),
	MHV("info.id_type-4", NO_PROOF, ALL,
	    "id_type 4, unknown",
	    MHV_SET8(INFO, 2, 4)),
	MHV("pkcs7-signature-500", NO_PROOF, ALL,
	    "a 500-byte PKCS#7 signature trailer instead of the proof",
	    MHV_PKCS7(500)),

	MHV("sig_len-0", MALFORMED, ALL,
	    "sig_len 0",
	    MHV_SET32(SIG_LEN, 0)),
	MHV("sig_len-39", MALFORMED, ALL,
	    "sig_len 39, one short of a proof head",
	    MHV_SET32(SIG_LEN, 39)),
	MHV("sig_len-0xffffffff", MALFORMED, ALL,
	    "sig_len 2^32 - 1",
	    MHV_SET32(SIG_LEN, 0xffffffff)),
	MHV("sig_len-plus-1", MALFORMED, ALL,
	    "sig_len one too large",
	    MHV_ADD32(SIG_LEN, 1)),
	MHV("sig_len-minus-1", MALFORMED, ALL,
	    "sig_len one too small",
	    MHV_ADD32(SIG_LEN, -1)),
	MHV("sig_len-plus-32", MALFORMED, ALL,
	    "sig_len one hash too large",
	    MHV_ADD32(SIG_LEN, 32)),
	MHV("sig_len-minus-32", MALFORMED, ALL,
	    "sig_len one hash too small",
	    MHV_ADD32(SIG_LEN, -32)),
	MHV("sig_len-to-file-start", MALFORMED, ALL,
	    "sig_len covering the whole file: no module bytes",
	    MHV_SIG_LEN_TO_START(0)),
	MHV("sig_len-past-file-start-by-1", MALFORMED, ALL,
	    "sig_len reaching one byte before the file",
	    MHV_SIG_LEN_TO_START(1)),
	MHV("sig_len-past-file-start-by-4096", MALFORMED, ALL,
	    "sig_len reaching 4096 bytes before the file",
	    MHV_SIG_LEN_TO_START(4096)),

	/* The marker. */
	MHV("marker[0]-bit-5", NO_PROOF, ALL,
	    "flip bit 5 of the marker's first byte",
	    MHV_XOR(MARKER, 0, 0x20)),
	MHV("marker[-1]-bit-5", NO_PROOF, ALL,
	    "flip bit 5 of the marker's last byte",
	    MHV_XOR(MARKER, -1, 0x20)),
	MHV("cut-10", NO_PROOF, ALL,
	    "the last 10 bytes cut off: the marker is incomplete",
	    MHV_CUT(10)),
	MHV("no-trailer", NO_PROOF, ALL,
	    "everything after the module bytes removed",
	    MHV_NO_TRAILER()),

	/* The trusted root descriptor. */
	MHV("trusted.algo-0", OTHER_BUILD, TRUSTED,
	    "a kernel with the placeholder descriptor (no tree)",
	    MHV_SET32(TRUSTED_ALGO, 0)),
	MHV("trusted.algo-2", OTHER_BUILD, TRUSTED,
	    "a kernel whose descriptor names an unknown algorithm",
	    MHV_SET32(TRUSTED_ALGO, 2)),
	MHV("trusted.tree_size-10", OTHER_BUILD, TRUSTED,
	    "a kernel whose tree has one leaf fewer",
	    MHV_SET32(TRUSTED_SIZE, 10)),
	MHV("trusted.tree_size-12", OTHER_BUILD, TRUSTED,
	    "a kernel whose tree has one leaf more",
	    MHV_SET32(TRUSTED_SIZE, 12)),
	MHV("trusted.root[0]-bit-0", OTHER_BUILD, TRUSTED,
	    "a kernel whose root differs in bit 0 of byte 0",
	    MHV_XOR(TRUSTED_ROOT, 0, 0x01)),
	MHV("trusted.root[31]-bit-0", OTHER_BUILD, TRUSTED,
	    "a kernel whose root differs in bit 0 of byte 31",
	    MHV_XOR(TRUSTED_ROOT, 31, 0x01)),
};

#undef MHV
#undef ADJUSTED
#undef KEPT

#endif /* _KERNEL_MODULE_HASHES_VECTORS_H */
