// SPDX-License-Identifier: GPL-2.0
/*
 * "verify": which of these module files would the kernel with this root
 * authenticate by proof?  One verdict per module, in the kernel's words,
 * and an exit status a packaging script can branch on, as cmp(1): 0 every
 * module verified, 1 some not, 2 could not answer.
 *
 * "verify --sidecar" asks it of a build before modules_install: each module
 * of its modules.order with the proof "build --sidecar" wrote beside it,
 * as modules_install will join them, and the list must be the whole tree.
 *
 * The tree's own modules are those of its modules.order (--order, or a
 * directory's own modules.order): each must be verified, and must be
 * there.  A PKCS#7 signature, which this tool cannot check, is admitted
 * by --allow-signed only for a module the list does not name (DKMS,
 * extra, updates): else a tree signed for another kernel, or an in-tree
 * module replaced by a signed one, would pass with nothing proven.
 */

#include "commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "roots.h"
#include "verify.h"

struct verify_opts {
	const char *file;	/* --vmlinux, --image or --root-file */
	const char *hexroot;
	const char *size;
	const char *sysfs;
	const char *order;
	const char *base;
	bool sidecar;
	bool quiet;
	bool running;
	bool allow_signed;
	bool json;
	int jobs;
};

struct verify_run {
	const struct verify_opts *o;
	const struct module_hashes_root *trusted;
	struct verify_rec *recs;
};

/* One worker job: inspect module @i against the trusted root. */
static void verify_one(void *arg, size_t i)
{
	struct verify_run *v = arg;
	struct verify_rec *r = &v->recs[i];
	char err[ERR_LEN], *proof;
	int ret;

	if (r->ref->err) {
		r->err = xstrdup(r->ref->err);
		return;
	}
	if (v->o->sidecar) {
		proof = xasprintf("%s.proof", r->ref->path);
		ret = inspect_sidecar(r->ref->path, proof, v->trusted, &r->in, err);
		free(proof);
	} else {
		ret = inspect(r->ref->path, v->trusted, &r->in, err);
	}
	if (ret) {
		r->err = xstrdup(err);
		return;
	}
	r->verdict = r->in.verdict;
	/* "no-proof" would read as "unsigned"; the kernel refuses it earlier. */
	if (r->in.not_module)
		r->verdict = VERDICT_NOT_MODULE;
	if (!v->o->allow_signed || r->verdict != MODULE_HASHES_NO_PROOF || !r->in.pkcs7)
		return;
	/* Out-of-tree modules signed for the kernel's keyring, if asked. */
	if (r->ref->listed == LISTED_OUT)
		r->verdict = VERDICT_SIGNED;
	else
		r->signed_refused = true;
}

/* Is @r good news: a module that will load? */
static bool rec_good(const struct verify_rec *r)
{
	return !r->err && (r->verdict == MODULE_HASHES_VERIFIED ||
			   r->verdict == VERDICT_SIGNED);
}

/* Print every record in order; the exit status they add up to. */
static int report(const struct verify_run *v, size_t n)
{
	size_t i, count[VERDICT_COUNT] = { 0 }, errors = 0, good;
	struct error_cap cap = { 0 };

	for (i = 0; i < n; i++) {
		const struct verify_rec *r = &v->recs[i];

		if (r->err) {
			fflush(stdout);		/* in order with the verdicts */
			report_error(&cap, r);
			errors++;
		} else {
			count[r->verdict]++;
		}
		if (v->o->quiet && rec_good(r))
			continue;
		if (v->o->json)
			report_json(r);
		else if (!r->err)
			report_text(r, v->trusted);
	}
	fflush(stdout);
	report_errors_not_shown(&cap);
	if (n > 1 && !v->o->json && !v->o->quiet)
		report_summary(count, v->o->allow_signed, errors);
	good = count[MODULE_HASHES_VERIFIED] + count[VERDICT_SIGNED];
	if (errors)
		return STATUS_TROUBLE;
	return good == n ? STATUS_OK : STATUS_NO;
}

/* Trees up to this size are checked leaf by leaf against the list. */
#define LEAVES_MAX	1048576u
/* Leaves without a module named, at most. */
#define UNCLAIMED_SHOWN	5

/*
 * With --sidecar, the list must be the whole tree: a module added since
 * the tree was built has no proof in it (its verdict says so), and one
 * removed leaves its leaf without a module.  A proof of this tree claims
 * a leaf, whether the module still matches it or not; the list is the
 * tree when it is as long, every leaf is claimed, and no two verified
 * modules prove the same leaf.
 *
 * Return: true if it is, else false after saying why.
 */
static bool list_is_tree(const struct verify_run *v, size_t n, const char *list)
{
	size_t size = le32toh(v->trusted->tree_size), i, unclaimed = 0;
	bool ok = n == size;
	size_t *claim;		/* 1 + the record that claims the leaf */

	if (!ok)
		printf("%s: %zu modules, but the tree has %zu leaves: %s\n", list, n, size,
		       "modules were added or removed since it was built");
	if (size > LEAVES_MAX)
		return ok;
	claim = xcalloc(size, sizeof(*claim));
	for (i = 0; i < n; i++) {
		const struct verify_rec *r = &v->recs[i];
		__u32 leaf = le32toh(r->in.head.leaf_index);

		if (r->err || (r->verdict != MODULE_HASHES_VERIFIED &&
			       r->verdict != MODULE_HASHES_TAMPERED))
			continue;
		if (claim[leaf] && r->verdict == MODULE_HASHES_VERIFIED &&
		    v->recs[claim[leaf] - 1].verdict == MODULE_HASHES_VERIFIED) {
			printf("%s: proves leaf %u, as %s does\n", r->ref->path, leaf,
			       v->recs[claim[leaf] - 1].ref->path);
			ok = false;
		}
		claim[leaf] = i + 1;
	}
	for (i = 0; i < size; i++)
		if (!claim[i] && unclaimed++ < UNCLAIMED_SHOWN)
			printf("%s: no module for leaf %zu of the tree (%s)\n", list, i,
			       "removed since it was built?");
	if (unclaimed > UNCLAIMED_SHOWN)
		printf("%s: and %zu more leaves without a module\n", list,
		       unclaimed - UNCLAIMED_SHOWN);
	free(claim);
	return ok && !unclaimed;
}

/* A directory's own module list, as an installed tree has it, or NULL. */
static char *own_order(const char *path)
{
	struct stat st;
	char *order;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	order = path_join(path, "modules.order");
	if (!access(order, F_OK))
		return order;
	free(order);
	return NULL;
}

/*
 * The paths given, each module told in-tree or not by --order, else by
 * the modules.order of the directory it was found in.  Without
 * --allow-signed, --order drops the modules it does not list; a
 * directory's own list never does: it only adds the listed modules that
 * are missing.  *@lists counts the lists read.
 */
static int collect_tree(const struct verify_opts *o, int argc, char **argv,
			struct module_refs *l, int *lists)
{
	int i, ret = 0;

	*lists = 0;
	if (o->order) {
		collect_paths(argc, argv, l);
		*lists = 1;
		return refs_classify(l, 0, o->order, !o->allow_signed);
	}
	for (i = 0; i < argc && !ret; i++) {
		size_t start = l->n;
		char *order = own_order(argv[i]);

		collect_paths(1, &argv[i], l);
		if (order) {
			ret = refs_classify(l, start, order, false);
			++*lists;
		}
		free(order);
	}
	return ret;
}

/* The modules to verify: the paths given, or with --sidecar a build's list. */
static int collect(const struct verify_opts *o, int argc, char **argv,
		   struct module_refs *l)
{
	char *base;
	int ret, lists;

	if (!o->sidecar) {
		ret = collect_tree(o, argc, argv, l, &lists);
		if (!ret && o->allow_signed && !lists) {
			error_msg("verify", "--allow-signed needs the tree's module list: %s",
				  "--order LIST, or a directory holding modules.order");
			ret = -1;
		}
		return ret;
	}
	base = o->base ? xstrdup(o->base) : order_dir(argv[0]);
	ret = read_order(argv[0], base, l);
	free(base);
	return ret;
}

static int do_verify(const struct verify_opts *o, const struct module_hashes_root *trusted,
		     int argc, char **argv)
{
	struct module_refs l = { 0 };
	struct verify_run v = { .o = o, .trusted = trusted };
	int ret = STATUS_TROUBLE;
	size_t i;

	if (collect(o, argc, argv, &l))
		goto out;
	if (!l.n) {
		error_msg(argv[0], "no modules found");
		goto out;
	}
	v.recs = xcalloc(l.n, sizeof(*v.recs));
	for (i = 0; i < l.n; i++)
		v.recs[i].ref = &l.v[i];
	run_parallel(l.n, o->jobs, verify_one, &v);
	ret = report(&v, l.n);
	if (o->sidecar && ret != STATUS_TROUBLE && !list_is_tree(&v, l.n, argv[0]))
		ret = STATUS_NO;
	for (i = 0; i < l.n; i++)
		free(v.recs[i].err);
	free(v.recs);
out:
	refs_free(&l);
	return ret;
}

/* The root to trust, from whichever option gave it. */
static int trusted_root(const struct command *cmd, const struct verify_opts *o,
			struct module_hashes_root *root)
{
	memset(root, 0, sizeof(*root));
	if (o->running)
		return load_running_root(o->sysfs ? o->sysfs : SYSFS_DIR, root);
	if (o->file)
		return load_root(o->file, root) || check_root(o->file, root) ? -1 : 0;
	root->algo = htole32(MODULE_HASHES_ALGO_SHA256);
	if (root_from_args(o->hexroot, o->size, root) || !root->tree_size)
		usage_error(cmd, "--root wants 64 hex digits, --size a tree size");
	return 0;
}

static void parse_verify_opts(const struct command *cmd, int argc, char **argv,
			      struct verify_opts *o)
{
	static const struct option opts[] = {
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "image", required_argument, NULL, 'i' },
		{ "root-file", required_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "size", required_argument, NULL, 'n' },
		{ "running", no_argument, NULL, 'R' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "order", required_argument, NULL, 'O' },
		{ "sidecar", no_argument, NULL, 's' },
		{ "base", required_argument, NULL, 'C' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "allow-signed", no_argument, NULL, 'A' },
		{ "json", no_argument, NULL, 'J' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":v:f:r:n:C:qj:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
		case 'i':
		case 'f':
			if (o->file)
				usage_error(cmd, "give one root");
			o->file = optarg;
			break;
		case 'r':
			o->hexroot = optarg;
			break;
		case 'n':
			o->size = optarg;
			break;
		case 'R':
			o->running = true;
			break;
		case 'S':
			o->sysfs = optarg;
			break;
		case 'O':
			o->order = optarg;
			break;
		case 's':
			o->sidecar = true;
			break;
		case 'C':
			o->base = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'A':
			o->allow_signed = true;
			break;
		case 'J':
			o->json = true;
			break;
		case 'j':
			o->jobs = parse_jobs(optarg);
			if (o->jobs < 0)
				usage_error(cmd, "-j: \"%s\" is not a job count", optarg);
			break;
		case 'h':
			usage(cmd, STATUS_OK);
		default:
			usage_bad_option(cmd, c, argv);
		}
	}
}

int cmd_verify(const struct command *cmd, int argc, char **argv)
{
	struct verify_opts o = { .jobs = default_jobs() };
	struct module_hashes_root trusted;

	parse_verify_opts(cmd, argc, argv, &o);
	if (!o.hexroot != !o.size)
		usage_error(cmd, "--root and --size go together");
	if (!!o.file + !!o.hexroot + o.running != 1)
		usage_error(cmd, "give one root: %s",
			    "--vmlinux, --image, --root-file, --root with --size, or --running");
	if (o.sysfs && !o.running)
		usage_error(cmd, "--sysfs goes with --running");
	if (o.base && !o.sidecar)
		usage_error(cmd, "-C goes with --sidecar");
	if (o.sidecar && (o.order || o.allow_signed || o.json))
		usage_error(cmd, "--sidecar takes none of --order, --allow-signed, --json");
	if (o.sidecar && argc - optind != 1)
		usage_error(cmd, "--sidecar: give one module list");
	if (optind == argc)
		usage_error(cmd, "give the modules to verify");
	if (trusted_root(cmd, &o, &trusted))
		return STATUS_TROUBLE;
	return do_verify(&o, &trusted, argc - optind, argv + optind);
}
