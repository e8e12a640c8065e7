// SPDX-License-Identifier: GPL-2.0
/*
 * "build": hash every module of a modules.order into an RFC 9162 tree and
 * write the root descriptor and one proof per module.  The run is one
 * straight line: read_order, hash, build_tree, write_outputs (prove.c),
 * commit.  Nothing is written unless every module could be hashed, and
 * nothing is in place unless every output could be written.
 *
 * A module's leaf is its bytes as the kernel will authenticate them:
 * decompressed, and without a trailer this run replaces.  That is the
 * order in which modules_install works: strip, append the proof, compress
 * (patches 0005 and 0010), so a packaged tree can be proven again.
 *
 * Proofs are only as good as the kernel that holds their root.  Modules
 * changed in place prove a root that the installed image does not hold,
 * and that kernel would refuse every one of them.  So --in-place needs to
 * be told which kernel the proofs are for: --image names one that must
 * already hold the new root (checked before anything is written), and
 * --new-image says ROOT_OUT goes into an image still to be built.
 */

#include "build.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "elf.h"
#include "hash.h"
#include "roots.h"
#include "tree.h"
#include "view.h"

#define SIGNED	"already ends in a module signature trailer"

/*
 * How much of a module is leaf data.  A module that already carries a
 * well-formed proof (this tool's output) is proven again: the old proof
 * is dropped, it can always be made anew.  A PKCS#7 signature is dropped
 * only with --replace-signature: it was made with someone's key.
 * Anything else at the end of a module is refused.
 */
static int leaf_extent(const struct module_view *v, bool replace_sig,
		       size_t *mod_len, char *err)
{
	/* Lengths over the tail become lengths over the file by adding this. */
	size_t before = v->size - v->tail_len, sig_len;
	struct module_hashes_parsed parsed;
	struct module_signature ms;
	long body = module_hashes_trailer(v->tail, v->tail_len, &ms);
	int ret;

	*mod_len = v->size;
	if (body == 0)
		return 0;
	ret = body < 0 ? -EBADMSG : module_hashes_parse(v->tail, v->tail_len, &parsed);
	if (!ret) {
		*mod_len = before + parsed.mod_len;
		return 0;
	}
	if (ret == -EBADMSG && (body < 0 || ms.id_type == MODULE_HASHES_ID_TYPE)) {
		snprintf(err, ERR_LEN, "%s (%s); refusing to replace it", SIGNED,
			 body < 0 ? "truncated" : "a malformed module hash proof");
		return -1;
	}
	if (ms.id_type != PKEY_ID_PKCS7) {
		snprintf(err, ERR_LEN, "%s of unknown type (id_type %u)", SIGNED, ms.id_type);
		return -1;
	}
	if (!replace_sig) {
		snprintf(err, ERR_LEN, "%s (a PKCS#7 signature); %s", SIGNED,
			 "refusing to hash a signed module without --replace-signature");
		return -1;
	}
	body = before + body - sizeof(ms);
	sig_len = be32toh(ms.sig_len);
	if (sig_len >= (size_t)body) {
		snprintf(err, ERR_LEN, "malformed PKCS#7 signature trailer (sig_len %zu)", sig_len);
		return -1;
	}
	*mod_len = body - sig_len;
	return 0;
}

/* A sidecar proof is appended to its module as it is, by cat. */
static int sidecar_problem(const struct build_rec *r, char *err)
{
	const char *what;

	if (r->comp != COMP_NONE)
		what = "an uncompressed module";
	else if (r->mod_len != r->size)
		what = "a module without a trailer";
	else
		return 0;
	snprintf(err, ERR_LEN, "--sidecar needs %s; use --in-place or -o", what);
	return -1;
}

/* Stage 2, one worker job: read, check and hash module @i. */
static void hash_one(void *arg, size_t i)
{
	struct build *b = arg;
	struct build_rec *r = &b->recs[i];
	char err[ERR_LEN] = "";
	struct module_view v;
	const char *why;

	if (view_open(&v, r->ref->path, err))
		goto fail;
	r->st = v.st;
	r->comp = v.comp;
	r->size = v.size;
	why = elf_module_problem(v.head, v.head_len);
	if (why) {
		snprintf(err, ERR_LEN, "%s", why);
		goto fail;
	}
	if (leaf_extent(&v, b->o->replace_sig, &r->mod_len, err))
		goto fail;
	if (b->o->out == OUT_SIDECAR && sidecar_problem(r, err))
		goto fail;
	view_hash(&v, r->mod_len, NULL, &r->leaf, err);
fail:
	view_close(&v);
	if (err[0])
		r->err = xstrdup(err);
}

/* Report every module's error, in list order; -1 if there was one. */
int report_errors(const struct build *b)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < b->refs.n; i++) {
		if (b->recs[i].err) {
			error_msg(b->recs[i].ref->path, "%s", b->recs[i].err);
			ret = -1;
		}
	}
	return ret;
}

static int hash_modules(struct build *b)
{
	size_t i;

	b->recs = xcalloc(b->refs.n, sizeof(*b->recs));
	for (i = 0; i < b->refs.n; i++)
		b->recs[i].ref = &b->refs.v[i];
	run_parallel(b->refs.n, b->o->jobs, hash_one, b);
	return report_errors(b);
}

/* Stage 3: every level of the tree, from the leaves in list order. */
static int build_tree(struct build *b)
{
	size_t i, n = b->refs.n;

	b->nodes = xcalloc(tree_nodes(n), sizeof(*b->nodes));
	for (i = 0; i < n; i++)
		b->nodes[i] = b->recs[i].leaf;
	if (tree_build(b->nodes, n)) {
		error_msg(b->o->root_out, "SHA-256 failed");
		return -1;
	}
	return 0;
}

/*
 * The kernel the proofs are for must trust the tree just built: its
 * descriptor is that of the tree, or every module written would be
 * "other build" to it.
 */
static int check_image(const struct build *b, const struct module_hashes_root *held)
{
	const struct module_hash *root = tree_root(b->nodes, b->refs.n);
	char want[17], got[17];

	if (le32toh(held->tree_size) == b->refs.n &&
	    !module_hashes_differ(&held->root, root))
		return 0;
	hex(got, &held->root, 8);
	hex(want, root, 8);
	error_msg(b->o->image,
		  "holds tree_size %u root %s, but these modules prove tree_size %zu root %s: %s",
		  le32toh(held->tree_size), got, b->refs.n, want,
		  "it would refuse every one; nothing written.  Rebuild the kernel with the changed modules, or give --new-image and build ROOT_OUT into a new image");
	return -1;
}

static void build_free(struct build *b)
{
	size_t i;

	for (i = 0; b->recs && i < b->refs.n; i++)
		free(b->recs[i].err);
	free(b->recs);
	free(b->nodes);
	refs_free(&b->refs);
}

static int do_build(const struct build_opts *o, const char *order)
{
	struct build b = { .o = o };
	char *base = o->base ? xstrdup(o->base) : order_dir(order);
	struct module_hashes_root held;
	int ret = STATUS_TROUBLE;

	if (o->image && (load_root(o->image, &held) || check_root(o->image, &held)))
		goto out;
	if (read_order(order, base, &b.refs))
		goto out;
	refs_find_compressed(&b.refs);
	if (hash_modules(&b) || build_tree(&b) ||
	    (o->image && check_image(&b, &held)) || write_outputs(&b))
		goto out;
	ret = stage_commit(&b.stage) ? STATUS_TROUBLE : STATUS_OK;
out:
	build_free(&b);
	free(base);
	return ret;
}

static void set_out(struct build_opts *o, enum build_out out, const struct command *cmd)
{
	if (o->out != OUT_NONE)
		usage_error(cmd, "give one of --sidecar, --in-place, -o");
	o->out = out;
}

int cmd_build(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'C' },
		{ "root", required_argument, NULL, 'r' },
		{ "sidecar", no_argument, NULL, 's' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "replace-signature", no_argument, NULL, 'S' },
		{ "image", required_argument, NULL, 'I' },
		{ "new-image", no_argument, NULL, 'N' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct build_opts o = { .jobs = default_jobs() };
	int c;

	while ((c = getopt_long(argc, argv, ":C:r:sio:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o.base = optarg;
			break;
		case 'r':
			o.root_out = optarg;
			break;
		case 's':
			set_out(&o, OUT_SIDECAR, cmd);
			break;
		case 'i':
			set_out(&o, OUT_INPLACE, cmd);
			break;
		case 'o':
			set_out(&o, OUT_DIR, cmd);
			o.out_dir = optarg;
			break;
		case 'S':
			o.replace_sig = true;
			break;
		case 'I':
			o.image = optarg;
			break;
		case 'N':
			o.new_image = true;
			break;
		case 'j':
			o.jobs = parse_jobs(optarg);
			if (o.jobs < 0)
				usage_error(cmd, "-j: \"%s\" is not a job count", optarg);
			break;
		case 'h':
			usage(cmd, STATUS_OK);
		default:
			usage_bad_option(cmd, c, argv);
		}
	}
	if (!o.root_out)
		usage_error(cmd, "-r ROOT_OUT is required");
	if (argc - optind != 1)
		usage_error(cmd, "give one module list");
	if (o.image && o.new_image)
		usage_error(cmd, "give one of --image, --new-image");
	if (o.out == OUT_INPLACE && !o.image && !o.new_image)
		usage_error(cmd, "--in-place rewrites the modules, and a kernel that does not hold their new root refuses them all: give --image IMAGE (the boot image or vmlinux they are for, checked to hold that root before anything is written) or --new-image (ROOT_OUT goes into an image still to be built)");
	return do_build(&o, argv[optind]);
}
