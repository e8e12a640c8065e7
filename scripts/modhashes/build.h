/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "build": the state shared by its two stages, hashing (build.c) and
 * writing proofs (prove.c).
 */
#ifndef MODHASHES_BUILD_H
#define MODHASHES_BUILD_H

#include <sys/stat.h>

#include "input.h"
#include "modlist.h"
#include "stage.h"

enum build_out { OUT_NONE, OUT_SIDECAR, OUT_INPLACE, OUT_DIR };

/*
 * @image and @new_image say which kernel the proofs are for: a boot image
 * or vmlinux that must already hold the new root, or one still to be built
 * from ROOT_OUT.  --in-place needs one of them.
 */
struct build_opts {
	const char *base;
	const char *root_out;
	const char *out_dir;
	const char *image;
	enum build_out out;
	bool replace_sig;
	bool new_image;
	int jobs;
};

/**
 * struct build_rec - what hashing found about one module
 * @ref: the module as listed
 * @st: the input file's status when it was read
 * @comp: its compression, which its output keeps
 * @size: its (decompressed) length
 * @mod_len: the leaf data: its bytes before any trailer that was dropped
 * @leaf: SHA-256(0x00 || the leaf data)
 * @err: why it cannot be proven, or NULL
 */
struct build_rec {
	const struct module_ref *ref;
	struct stat st;
	enum comp comp;
	size_t size;
	size_t mod_len;
	struct module_hash leaf;
	char *err;
};

/**
 * struct build - one run of "build"
 * @o: its options
 * @refs: the modules, in leaf order
 * @recs: per module, what hashing found
 * @nodes: the tree, once built (see tree.h)
 * @stage: the outputs, one slot per module and one for the descriptor
 */
struct build {
	const struct build_opts *o;
	struct module_refs refs;
	struct build_rec *recs;
	struct module_hash *nodes;
	struct stage stage;
};

int write_outputs(struct build *b);
int report_errors(const struct build *b);

#endif /* MODHASHES_BUILD_H */
