# SPDX-License-Identifier: GPL-2.0
#
# What the policy and IPE suites (policy/run.sh, policy/revoke.sh,
# ipe/run.sh) do differently on each kernel, and nothing else: which
# in-tree module plays which part, what makes CRYPTO_FIPS visible, and
# whether the loader revokes a signed module by its file's hash.
# Source it and call "kernel_roles RELEASE" (include/config/kernel.release).
#
# kernel_roles sets, for each ROLE of the table, mod_ROLE to the module's
# path below /lib/modules/RELEASE/kernel/ without ".ko", and name_ROLE to
# its module name; and fips_kconfig and signed_revoked.  Every module is small, loads without
# hardware and is built as a module by its kernel's policy config
# (configs/module-hashes-policy*.config).  Linux 7.2 has no prompt for the
# CRC libraries and builds only those of the CRC KUnit suite (the four of
# make test-qemu-7.2, with hostile and noproof as its modules A and U), so
# two crypto algorithms take the other parts there.  They never load under
# fips=1, where a crypto module that is not authenticated panics the
# kernel: the fips boots load only proof_a and crypto/zstd, by their proofs.
#
#   hostile         made into the hostile files, one per row of
#                   kernel/module/hashes_vectors.h that the suite takes
#   proof_a         loaded by its proof through insmod and init_module,
#                   and by IPE's finit_module and init_module rows; the
#                   benchmark's small module
#   proof_b         loaded by its proof through finit_module, then read as a
#                   kexec kernel and as an IMA policy; IPE's .ko.xz
#   noproof         the copy in the build tree, which has no proof
#   revoked         blacklisted by the SHA-256 of the installed file, and
#                   its module bytes signed by the build's key by the
#                   SHA-256 of the signed file (revoke.sh)
#   revoked_body    blacklisted by the SHA-256 of its module bytes
#   bench_zstd      the benchmark's large and very large modules
#   bench_kheaders

kernel_roles_table() {
	cat <<'EOF'
# role		6.12			7.2
hostile		lib/crc4		lib/crc/crc16
proof_a		lib/crc7		lib/crc/crc7
proof_b		lib/crc8		crypto/rmd160
noproof		lib/crc-itu-t		lib/crc/crc-t10dif
revoked		lib/crc-ccitt		crypto/md4
revoked_body	lib/crc64		lib/crc/crc64
bench_zstd	lib/zstd/zstd_compress	lib/zstd/zstd_compress
bench_kheaders	kernel/kheaders		kernel/kheaders
EOF
}

kernel_roles() {	# RELEASE
	local role m612 m72 m
	case $1 in
	6.12|6.12.*)
		# CRYPTO_FIPS needs a DRBG.
		fips_kconfig="CONFIG_CRYPTO_DRBG_MENU=y"
		# Debian's 6.12 loader looks up the SHA-256 of a signed
		# module's whole file in the blacklist
		# (mod_is_hash_blacklisted() in kernel/module/signing.c).
		signed_revoked=yes ;;
	7.2|7.2.*)
		# CRYPTO_FIPS needs CRYPTO_DRBG=y and CRYPTO_SELFTESTS,
		# which only EXPERT shows; under EXPERT, allnoconfig turns
		# off SYSFS and MULTIUSER, which SECURITY (lockdown)
		# depends on.
		fips_kconfig="CONFIG_EXPERT=y CONFIG_SYSFS=y CONFIG_MULTIUSER=y CONFIG_CRYPTO_DRBG=y CONFIG_CRYPTO_SELFTESTS=y"
		# Debian's 7.2 has no such lookup: a validly signed module
		# whose file is listed loads.
		signed_revoked=no ;;
	*)
		echo "ERROR: Linux $1: the policy suites know 6.12 and 7.2 (policy/kernels.sh)" >&2
		return 1 ;;
	esac
	while read -r role m612 m72; do
		case $role in '#'*|'') continue ;; esac
		case $1 in 6.12*) m=$m612 ;; *) m=$m72 ;; esac
		printf -v "mod_$role" %s "$m"
		m=${m##*/}
		printf -v "name_$role" %s "${m//-/_}"
	done < <(kernel_roles_table)
}
