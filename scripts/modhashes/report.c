// SPDX-License-Identifier: GPL-2.0
/*
 * The reports of "verify": a line of text per module and a summary, or
 * one JSON object per module and line (JSON Lines), whose fields are
 * documented in module-hashes(1) and stay as they are:
 *
 *	{"path": "...", "verdict": "verified", "leaf_index": 3,
 *	 "tree_size": 4230, "root": "<64 hex digits>"}
 *
 * leaf_index, tree_size and root are the proof's, null without one; a
 * file that could not be read has verdict "error" and an "error" field.
 * Added since, at the end: "listed", whether the tree's module list names
 * the module (null: no list for it); and "reason" with the verdict
 * "not-a-module".
 */

#include "verify.h"

#include <string.h>

static const char *verdict_name(int verdict)
{
	if (verdict == VERDICT_SIGNED)
		return "signed";
	if (verdict == VERDICT_NOT_MODULE)
		return "not-a-module";
	return module_hashes_verdict_name(verdict);
}

/* Why a PKCS#7 signature was not enough, under --allow-signed. */
static const char *refused_why(const struct verify_rec *r)
{
	if (r->ref->listed == LISTED_IN)
		return "listed in modules.order: an in-tree module must be proven";
	return "no modules.order says it is not an in-tree module";
}

/* Both roots, short, so that "which build?" can be answered at a glance. */
static void print_roots(const struct inspection *in,
			const struct module_hashes_root *trusted)
{
	char got[17], want[17];

	hex(got, &in->head.root, 8);
	hex(want, &trusted->root, 8);
	printf(" (proof: tree_size %u root %s; ", le32toh(in->head.tree_size), got);
	if (le32toh(trusted->algo) == MODULE_HASHES_ALGO_SHA256)
		printf("trusted: tree_size %u root %s)", le32toh(trusted->tree_size), want);
	else
		printf("trusted: no tree)");
}

void report_text(const struct verify_rec *r, const struct module_hashes_root *trusted)
{
	printf("%s: %s", r->ref->path, verdict_name(r->verdict));
	if (r->verdict == VERDICT_SIGNED)
		printf(" (not checked by this tool: the kernel's keyring checks it)");
	else if (r->verdict == VERDICT_NOT_MODULE)
		printf(" (%s)", r->in.not_module);
	else if (r->signed_refused)
		printf(" (%s; %s)", trailer_kind(&r->in.ms), refused_why(r));
	else if (r->verdict == MODULE_HASHES_OTHER_BUILD)
		print_roots(&r->in, trusted);
	else if (r->verdict == MODULE_HASHES_NO_PROOF && r->in.trailer > 0)
		printf(" (%s)", trailer_kind(&r->in.ms));
	else if (r->verdict == MODULE_HASHES_NO_PROOF && r->in.sidecar_missing)
		printf(" (no %s.proof)", r->ref->path);
	putchar('\n');
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		u8 c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void report_json(const struct verify_rec *r)
{
	const struct inspection *in = &r->in;
	char root[HEX_LEN];

	printf("{\"path\": ");
	json_string(r->ref->path);
	printf(", \"verdict\": \"%s\"", r->err ? "error" : verdict_name(r->verdict));
	if (!r->err && !in->parse) {
		hex(root, &in->head.root, sizeof(in->head.root));
		printf(", \"leaf_index\": %u, \"tree_size\": %u, \"root\": \"%s\"",
		       le32toh(in->head.leaf_index), le32toh(in->head.tree_size), root);
	} else {
		printf(", \"leaf_index\": null, \"tree_size\": null, \"root\": null");
	}
	if (r->err) {
		printf(", \"error\": ");
		json_string(r->err);
	}
	printf(", \"listed\": %s", r->ref->listed == LISTED_IN ? "true" :
	       r->ref->listed == LISTED_OUT ? "false" : "null");
	if (!r->err && r->verdict == VERDICT_NOT_MODULE) {
		printf(", \"reason\": ");
		json_string(r->in.not_module);
	}
	printf("}\n");
}

void report_summary(const size_t *count, bool signed_too, size_t errors)
{
	int v;

	printf("summary:");
	for (v = MODULE_HASHES_VERIFIED; v <= VERDICT_NOT_MODULE; v++)
		printf(" %zu %s,", count[v], verdict_name(v));
	if (signed_too)
		printf(" %zu signed (not checked by this tool),", count[VERDICT_SIGNED]);
	printf(" %zu errors\n", errors);
}

/* Print @r's error, unless its reason was printed ERRORS_SHOWN times. */
void report_error(struct error_cap *cap, const struct verify_rec *r)
{
	size_t i;

	for (i = 0; i < cap->n && strcmp(cap->reason[i], r->err); i++)
		;
	if (i == cap->n && cap->n < REASONS_KEPT)
		cap->reason[cap->n++] = r->err;
	if (i < cap->n && ++cap->count[i] > ERRORS_SHOWN)
		return;
	error_msg(r->ref->path, "%s", r->err);
}

/* How many errors of each reason were not printed. */
void report_errors_not_shown(const struct error_cap *cap)
{
	size_t i;

	for (i = 0; i < cap->n; i++)
		if (cap->count[i] > ERRORS_SHOWN)
			error_msg("...", "and %zu more errors like this: %s",
				  cap->count[i] - ERRORS_SHOWN, cap->reason[i]);
}
