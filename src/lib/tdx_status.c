// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL leaf names and completion-status decoding.
 *
 * Codes, operand ids and detail layouts follow Intel's TDX module
 * (tdx_error_codes_defs.h, tdx_api_defs.h: api_error_with_multiple_info()),
 * so a status pasted from any kernel's dmesg decodes the same way here.
 */
#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_status.h"
#include "tdx_strbuf.h"

/* ---------------------------------------------------------------- leaves */

struct tdx_leaf_row {
	u16 nr;
	const char *name;
};

static const struct tdx_leaf_row tdx_leaves[] = {
	{ TDH_VP_ENTER,			"TDH.VP.ENTER" },
	{ TDH_MNG_ADDCX,		"TDH.MNG.ADDCX" },
	{ TDH_MEM_PAGE_ADD,		"TDH.MEM.PAGE.ADD" },
	{ TDH_MEM_SEPT_ADD,		"TDH.MEM.SEPT.ADD" },
	{ TDH_VP_ADDCX,			"TDH.VP.ADDCX" },
	{ TDH_MEM_PAGE_RELOCATE,	"TDH.MEM.PAGE.RELOCATE" },
	{ TDH_MEM_PAGE_AUG,		"TDH.MEM.PAGE.AUG" },
	{ TDH_MEM_RANGE_BLOCK,		"TDH.MEM.RANGE.BLOCK" },
	{ TDH_MNG_KEY_CONFIG,		"TDH.MNG.KEY.CONFIG" },
	{ TDH_MNG_CREATE,		"TDH.MNG.CREATE" },
	{ TDH_VP_CREATE,		"TDH.VP.CREATE" },
	{ TDH_MNG_RD,			"TDH.MNG.RD" },
	{ TDH_MEM_RD,			"TDH.MEM.RD" },
	{ TDH_MNG_WR,			"TDH.MNG.WR" },
	{ TDH_MEM_WR,			"TDH.MEM.WR" },
	{ TDH_MEM_PAGE_DEMOTE,		"TDH.MEM.PAGE.DEMOTE" },
	{ TDH_MR_EXTEND,		"TDH.MR.EXTEND" },
	{ TDH_MR_FINALIZE,		"TDH.MR.FINALIZE" },
	{ TDH_VP_FLUSH,			"TDH.VP.FLUSH" },
	{ TDH_MNG_VPFLUSHDONE,		"TDH.MNG.VPFLUSHDONE" },
	{ TDH_MNG_KEY_FREEID,		"TDH.MNG.KEY.FREEID" },
	{ TDH_MNG_INIT,			"TDH.MNG.INIT" },
	{ TDH_VP_INIT,			"TDH.VP.INIT" },
	{ TDH_MEM_PAGE_PROMOTE,		"TDH.MEM.PAGE.PROMOTE" },
	{ TDH_PHYMEM_PAGE_RDMD,		"TDH.PHYMEM.PAGE.RDMD" },
	{ TDH_MEM_SEPT_RD,		"TDH.MEM.SEPT.RD" },
	{ TDH_VP_RD,			"TDH.VP.RD" },
	{ TDH_MNG_KEY_RECLAIMID,	"TDH.MNG.KEY.RECLAIMID" },
	{ TDH_PHYMEM_PAGE_RECLAIM,	"TDH.PHYMEM.PAGE.RECLAIM" },
	{ TDH_MEM_PAGE_REMOVE,		"TDH.MEM.PAGE.REMOVE" },
	{ TDH_MEM_SEPT_REMOVE,		"TDH.MEM.SEPT.REMOVE" },
	{ TDH_SYS_KEY_CONFIG,		"TDH.SYS.KEY.CONFIG" },
	{ TDH_SYS_INFO,			"TDH.SYS.INFO" },
	{ TDH_SYS_INIT,			"TDH.SYS.INIT" },
	{ TDH_SYS_RD,			"TDH.SYS.RD" },
	{ TDH_SYS_LP_INIT,		"TDH.SYS.LP.INIT" },
	{ TDH_SYS_TDMR_INIT,		"TDH.SYS.TDMR.INIT" },
	{ TDH_SYS_RDALL,		"TDH.SYS.RDALL" },
	{ TDH_MEM_TRACK,		"TDH.MEM.TRACK" },
	{ TDH_MEM_RANGE_UNBLOCK,	"TDH.MEM.RANGE.UNBLOCK" },
	{ TDH_PHYMEM_CACHE_WB,		"TDH.PHYMEM.CACHE.WB" },
	{ TDH_PHYMEM_PAGE_WBINVD,	"TDH.PHYMEM.PAGE.WBINVD" },
	{ TDH_MEM_SEPT_WR,		"TDH.MEM.SEPT.WR" },
	{ TDH_VP_WR,			"TDH.VP.WR" },
	{ TDH_SYS_LP_SHUTDOWN,		"TDH.SYS.LP.SHUTDOWN" },
	{ TDH_SYS_CONFIG,		"TDH.SYS.CONFIG" },
	{ TDH_SERVTD_BIND,		"TDH.SERVTD.BIND" },
	{ TDH_SERVTD_PREBIND,		"TDH.SERVTD.PREBIND" },
	{ TDH_SYS_SHUTDOWN,		"TDH.SYS.SHUTDOWN" },
	{ TDH_SYS_UPDATE,		"TDH.SYS.UPDATE" },
	{ TDH_PHYMEM_PAMT_ADD,		"TDH.PHYMEM.PAMT.ADD" },
	{ TDH_PHYMEM_PAMT_REMOVE,	"TDH.PHYMEM.PAMT.REMOVE" },
	/* Live migration leaves: only so that pasted lines decode. */
	{ 64,				"TDH.EXPORT.ABORT" },
	{ 65,				"TDH.EXPORT.BLOCKW" },
	{ 66,				"TDH.EXPORT.RESTORE" },
	{ 68,				"TDH.EXPORT.MEM" },
	{ 70,				"TDH.EXPORT.PAUSE" },
	{ 71,				"TDH.EXPORT.TRACK" },
	{ 72,				"TDH.EXPORT.STATE.IMMUTABLE" },
	{ 73,				"TDH.EXPORT.STATE.TD" },
	{ 74,				"TDH.EXPORT.STATE.VP" },
	{ 75,				"TDH.EXPORT.UNBLOCKW" },
	{ 80,				"TDH.IMPORT.ABORT" },
	{ 81,				"TDH.IMPORT.END" },
	{ 82,				"TDH.IMPORT.COMMIT" },
	{ 83,				"TDH.IMPORT.MEM" },
	{ 84,				"TDH.IMPORT.TRACK" },
	{ 85,				"TDH.IMPORT.STATE.IMMUTABLE" },
	{ 86,				"TDH.IMPORT.STATE.TD" },
	{ 87,				"TDH.IMPORT.STATE.VP" },
	{ 96,				"TDH.MIG.STREAM.CREATE" },
};

static const char tdx_seamldr_info_name[] = "SEAMLDR.INFO";
static const char tdx_seamldr_install_name[] = "SEAMLDR.INSTALL";

const char *tdx_leaf_name(u64 leaf)
{
	unsigned int i;

	if (leaf == SEAMLDR_INFO)
		return tdx_seamldr_info_name;
	if (leaf == SEAMLDR_INSTALL)
		return tdx_seamldr_install_name;
	/* Bits 63:24 are reserved in a TDX module leaf; 23:16 is the version. */
	if (leaf >> 24)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(tdx_leaves); i++)
		if (tdx_leaves[i].nr == (leaf & TDX_LEAF_MASK))
			return tdx_leaves[i].name;
	return NULL;
}

static char tdx_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive; '.' and '_' are the same (TDH.SYS.RD == tdh_sys_rd). */
static bool tdx_name_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '_' ? '.' : tdx_lower(*a);
		char cb = *b == '_' ? '.' : tdx_lower(*b);

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

static bool tdx_leaf_name_matches(const char *text, const char *name)
{
	if (tdx_name_eq(text, name))
		return true;
	/* "SYS.INIT" for "TDH.SYS.INIT" */
	return name[0] == 'T' && tdx_name_eq(text, name + 4);
}

int tdx_leaf_from_name(const char *name)
{
	unsigned int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(tdx_leaves); i++)
		if (tdx_leaf_name_matches(name, tdx_leaves[i].name))
			return tdx_leaves[i].nr;
	if (tdx_name_eq(name, tdx_seamldr_info_name) ||
	    tdx_name_eq(name, tdx_seamldr_install_name))
		return -ERANGE;
	return -EINVAL;
}

static bool tdx_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int tdx_hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tdx_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Parse "0x<hex>" or "[-]<decimal>" at *s; advance *s.  A negative decimal
 * is taken as two's complement: a leaf printed with %lld.  0 or -EINVAL.
 */
static int tdx_parse_number(const char **s, u64 *val)
{
	const char *p = *s;
	bool neg = false;
	unsigned int digits = 0;
	u64 v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		while (tdx_hex_val(*p) >= 0) {
			if (++digits > 16)
				return -EINVAL;
			v = (v << 4) | (u64)tdx_hex_val(*p++);
		}
	} else {
		if (*p == '-') {
			neg = true;
			p++;
		}
		while (tdx_is_digit(*p)) {
			u64 d = (u64)(*p++ - '0');

			if (v > (~0ULL - d) / 10)
				return -EINVAL;
			v = v * 10 + d;
			digits++;
		}
		if (neg)
			v = -v;
	}
	if (!digits)
		return -EINVAL;
	*s = p;
	*val = v;
	return 0;
}

int tdx_leaf_lookup(const char *text, u64 *leaf)
{
	const char *p = text;
	u64 v;
	int nr;

	if (!text || !leaf)
		return -EINVAL;
	if (tdx_is_digit(*p) || *p == '-') {
		if (tdx_parse_number(&p, &v) || *p)
			return -EINVAL;
		*leaf = v;
		return 0;
	}
	if (tdx_name_eq(text, tdx_seamldr_info_name)) {
		*leaf = SEAMLDR_INFO;
		return 0;
	}
	if (tdx_name_eq(text, tdx_seamldr_install_name)) {
		*leaf = SEAMLDR_INSTALL;
		return 0;
	}
	nr = tdx_leaf_from_name(text);
	if (nr < 0)
		return -EINVAL;
	*leaf = (u64)nr;
	return 0;
}

/* -------------------------------------------------------------- operands */

struct tdx_operand_row {
	u8 id;
	const char *name;
};

static const struct tdx_operand_row tdx_operands[] = {
	{ TDX_OPERAND_ID_RAX,		"RAX" },
	{ TDX_OPERAND_ID_RCX,		"RCX" },
	{ TDX_OPERAND_ID_RDX,		"RDX" },
	{ TDX_OPERAND_ID_RBX,		"RBX" },
	{ TDX_OPERAND_ID_RBP,		"RBP" },
	{ TDX_OPERAND_ID_RSI,		"RSI" },
	{ TDX_OPERAND_ID_RDI,		"RDI" },
	{ TDX_OPERAND_ID_R8,		"R8" },
	{ TDX_OPERAND_ID_R9,		"R9" },
	{ TDX_OPERAND_ID_R10,		"R10" },
	{ TDX_OPERAND_ID_R11,		"R11" },
	{ TDX_OPERAND_ID_R12,		"R12" },
	{ TDX_OPERAND_ID_R13,		"R13" },
	{ TDX_OPERAND_ID_R14,		"R14" },
	{ TDX_OPERAND_ID_R15,		"R15" },
	{ TDX_OPERAND_ID_ATTRIBUTES,	"ATTRIBUTES" },
	{ TDX_OPERAND_ID_XFAM,		"XFAM" },
	{ TDX_OPERAND_ID_EXEC_CONTROLS,	"EXEC_CONTROLS" },
	{ TDX_OPERAND_ID_EPTP_CONTROLS,	"EPTP_CONTROLS" },
	{ TDX_OPERAND_ID_MAX_VCPUS,	"MAX_VCPUS" },
	{ TDX_OPERAND_ID_CPUID_CONFIG,	"CPUID_CONFIG" },
	{ TDX_OPERAND_ID_TSC_FREQUENCY,	"TSC_FREQUENCY" },
	{ TDX_OPERAND_ID_NUM_L2_VMS,	"NUM_L2_VMS" },
	{ TDX_OPERAND_ID_IA32_ARCH_CAPABILITIES_CONFIG, "IA32_ARCH_CAPABILITIES_CONFIG" },
	{ TDX_OPERAND_ID_PAGE,		"PAGE" },
	{ TDX_OPERAND_ID_TDMR_INFO_PA,	"TDMR_INFO_PA" },
	{ TDX_OPERAND_ID_GPA_LIST_ENTRY, "GPA_LIST_ENTRY" },
	{ TDX_OPERAND_ID_MIG_BUFF_LIST_ENTRY, "MIG_BUFF_LIST_ENTRY" },
	{ TDX_OPERAND_ID_NEW_PAGE_LIST_ENTRY, "NEW_PAGE_LIST_ENTRY" },
	{ TDX_OPERAND_ID_TDR,		"TDR" },
	{ TDX_OPERAND_ID_TDCX,		"TDCX" },
	{ TDX_OPERAND_ID_TDVPR,		"TDVPR" },
	{ TDX_OPERAND_ID_REG_PAGE,	"REG_PAGE" },
	{ TDX_OPERAND_ID_TDCS,		"TDCS" },
	{ TDX_OPERAND_ID_TDVPS,		"TDVPS" },
	{ TDX_OPERAND_ID_SEPT_TREE,	"SEPT_TREE" },
	{ TDX_OPERAND_ID_SEPT_ENTRY,	"SEPT_ENTRY" },
	{ TDX_OPERAND_ID_RTMR,		"RTMR" },
	{ TDX_OPERAND_ID_TD_EPOCH,	"TD_EPOCH" },
	{ TDX_OPERAND_ID_L2_VAPIC_GPA,	"L2_VAPIC_GPA" },
	{ TDX_OPERAND_ID_MIGSC,		"MIGSC" },
	{ TDX_OPERAND_ID_OP_STATE,	"OP_STATE" },
	{ TDX_OPERAND_ID_MIG,		"MIG" },
	{ TDX_OPERAND_ID_SERVTD_BINDINGS, "SERVTD_BINDINGS" },
	{ TDX_OPERAND_ID_METADATA_FIELD, "METADATA_FIELD" },
	{ TDX_OPERAND_ID_SYS,		"SYS" },
	{ TDX_OPERAND_ID_TDMR,		"TDMR" },
	{ TDX_OPERAND_ID_KOT,		"KOT" },
	{ TDX_OPERAND_ID_KET,		"KET" },
	{ TDX_OPERAND_ID_WBCACHE,	"WBCACHE" },
};

const char *tdx_operand_name(u32 operand_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_operands); i++)
		if (tdx_operands[i].id == operand_id)
			return tdx_operands[i].name;
	return NULL;
}

/* --------------------------------------------------------------- classes */

struct tdx_class_row {
	u8 class_;
	const char *name;
	const char *hint;	/* for codes of this class we do not know */
};

static const struct tdx_class_row tdx_classes[] = {
	{ 0x00, "general",
	  "unknown general status: see the TDX module ABI specification" },
	{ 0x01, "operand",
	  "an input operand was rejected: check the call's inputs" },
	{ 0x02, "busy",
	  "a resource was busy: retry the operation" },
	{ 0x03, "page metadata (PAMT)",
	  "a page is not in the state the call needs" },
	{ 0x04, "TD page ownership",
	  "the TD still owns pages: reclaim them first" },
	{ 0x05, "module state",
	  "the TDX module is in the wrong state: see the enable steps in dmesg" },
	{ 0x06, "TD state",
	  "the TD is in the wrong state for this call" },
	{ 0x07, "vCPU state",
	  "the vCPU is in the wrong state for this call" },
	{ 0x08, "key management",
	  "TD key (HKID) state does not allow this call" },
	{ 0x09, "platform configuration",
	  "the TDX module rejected the CPU/BIOS configuration: check BIOS settings, update BIOS/microcode/TDX module" },
	{ 0x0A, "TDMR/PAMT configuration",
	  "the TDMR/PAMT layout was rejected: report it with 'tdxctl tdmrs' and 'tdxctl cmrs' output" },
	{ 0x0B, "Secure EPT",
	  "Secure EPT state does not allow this call" },
	{ 0x0C, "metadata",
	  "a metadata field access failed" },
	{ 0x0D, "service TD",
	  "service TD binding failed" },
	{ 0x0E, "TD migration",
	  "TD migration failed" },
	{ 0x10, "attestation",
	  "attestation input rejected" },
	{ 0x11, "L2 VM exit",
	  "L2 VM exit status" },
	{ 0xFF, "host SEAMCALL path",
	  "error raised by the host's SEAMCALL path, not by the TDX module" },
};

static const char tdx_unknown_class_name[] = "unknown class";
static const char tdx_unknown_hint[] =
	"status not known to tdxhost: look it up in the TDX module ABI specification";

static const struct tdx_class_row *tdx_class_find(u8 class_)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tdx_classes); i++)
		if (tdx_classes[i].class_ == class_)
			return &tdx_classes[i];
	return NULL;
}

const char *tdx_status_class_name(u8 class_)
{
	const struct tdx_class_row *row = tdx_class_find(class_);

	return row ? row->name : tdx_unknown_class_name;
}

/* ---------------------------------------------------------------- codes */

#define S(code, kind, hint)	{ code, #code, hint, kind }

static const struct tdx_status_info tdx_statuses[] = {
	S(TDX_SUCCESS, TDX_DETAIL_NONE, "success"),
	S(TDX_NON_RECOVERABLE_VCPU, TDX_DETAIL_NONE,
	  "the vCPU can no longer run: tear the vCPU and its TD down"),
	S(TDX_NON_RECOVERABLE_TD, TDX_DETAIL_NONE,
	  "the TD can no longer run: tear it down"),
	S(TDX_INTERRUPTED_RESUMABLE, TDX_DETAIL_NONE,
	  "interrupted by an external event: call again to resume (tdxhost does this itself)"),
	S(TDX_INTERRUPTED_RESTARTABLE, TDX_DETAIL_NONE,
	  "interrupted by an external event: restart the call"),
	S(TDX_NON_RECOVERABLE_TD_NON_ACCESSIBLE, TDX_DETAIL_NONE,
	  "the TD can no longer run and its memory is inaccessible: tear it down"),
	S(TDX_INVALID_RESUMPTION, TDX_DETAIL_NONE,
	  "an interrupted call was resumed with different inputs: tdxhost bug, report it"),
	S(TDX_NON_RECOVERABLE_TD_WRONG_APIC_MODE, TDX_DETAIL_NONE,
	  "the TD was entered with the wrong APIC mode (x2APIC needed): tear it down"),
	S(TDX_NON_RECOVERABLE_TD_CORRUPTED_MD, TDX_DETAIL_NONE,
	  "the TD's metadata is corrupted: tear it down"),
	S(TDX_OPERAND_INVALID, TDX_DETAIL_OPERAND,
	  "an input (see operand) was rejected: tdxhost bug or a bad ioctl argument"),
	S(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_DETAIL_OPERAND,
	  "an address (see operand) is beyond MAXPA or carries KeyID bits"),
	S(TDX_OPERAND_BUSY, TDX_DETAIL_OPERAND_OPT,
	  "a resource (see operand) is locked by a concurrent SEAMCALL: retry"),
	S(TDX_PREVIOUS_TLB_EPOCH_BUSY, TDX_DETAIL_OPERAND_OPT,
	  "the previous TLB tracking epoch is still active: retry after TDH.MEM.TRACK"),
	S(TDX_SYS_BUSY, TDX_DETAIL_OPERAND_OPT,
	  "the TDX module's global lock is held by another CPU: retry"),
	S(TDX_RND_NO_ENTROPY, TDX_DETAIL_NONE,
	  "the CPU's random number generator ran dry: retry (tdxhost retries 10 times)"),
	S(TDX_OPERAND_BUSY_HOST_PRIORITY, TDX_DETAIL_OPERAND_OPT,
	  "a resource (see operand) is locked with host priority: retry"),
	S(TDX_HOST_PRIORITY_BUSY_TIMEOUT, TDX_DETAIL_OPERAND_OPT,
	  "a host-priority lock timed out: retry"),
	S(TDX_PAGE_METADATA_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "a page (see operand) has the wrong PAMT type or owner, or is not TDX memory"),
	S(TDX_PAGE_ALREADY_FREE, TDX_DETAIL_OPERAND_OPT,
	  "the page is already free: nothing to do"),
	S(TDX_PAGE_NOT_OWNED_BY_TD, TDX_DETAIL_OPERAND_OPT,
	  "the page belongs to another TD"),
	S(TDX_PAGE_NOT_FREE, TDX_DETAIL_OPERAND_OPT,
	  "the page is still in use by TDX: reclaim it first"),
	S(TDX_TD_ASSOCIATED_PAGES_EXIST, TDX_DETAIL_NONE,
	  "the TD still owns pages: reclaim them all before the TDR"),
	S(TDX_SYS_INIT_NOT_PENDING, TDX_DETAIL_NONE,
	  "the TDX module was already initialized (by firmware, another driver or an earlier load): it initializes once per boot, reboot to retry"),
	S(TDX_SYS_LP_INIT_NOT_DONE, TDX_DETAIL_NONE,
	  "this CPU did not run TDH.SYS.LP.INIT (onlined after TDX was enabled?)"),
	S(TDX_SYS_LP_INIT_DONE, TDX_DETAIL_NONE,
	  "this CPU already ran TDH.SYS.LP.INIT"),
	S(TDX_SYS_NOT_READY, TDX_DETAIL_NONE,
	  "the TDX module is not initialized: run 'tdxctl enable', or see dmesg for why it failed"),
	S(TDX_SYS_SHUTDOWN, TDX_DETAIL_NONE,
	  "the TDX module was shut down (update in progress?): reboot"),
	S(TDX_SYS_KEY_CONFIG_NOT_PENDING, TDX_DETAIL_NONE,
	  "key configuration not expected: before TDH.SYS.CONFIG, or every package is done"),
	S(TDX_SYS_STATE_INCORRECT, TDX_DETAIL_NONE,
	  "the TDX module is in the wrong state for this call: see the enable steps in dmesg"),
	S(TDX_SYS_INVALID_HANDOFF, TDX_DETAIL_NONE,
	  "TD-preserving update handoff data is invalid: reboot"),
	S(TDX_SYS_INCOMPATIBLE_SIGSTRUCT, TDX_DETAIL_NONE,
	  "the new TDX module image is incompatible with the running one"),
	S(TDX_SYS_LP_INIT_NOT_PENDING, TDX_DETAIL_NONE,
	  "TDH.SYS.LP.INIT before TDH.SYS.INIT or after TDH.SYS.CONFIG: a CPU came online too late"),
	S(TDX_SYS_CONFIG_NOT_PENDING, TDX_DETAIL_NONE,
	  "TDH.SYS.CONFIG twice or before every CPU ran TDH.SYS.LP.INIT: bring all CPUs online (no maxcpus=/nr_cpus=) and reboot"),
	S(TDX_INCOMPATIBLE_SEAM_CAPABILITIES, TDX_DETAIL_NONE,
	  "the TDX module does not match this CPU's SEAM capabilities: update the TDX module"),
	S(TDX_TD_FATAL, TDX_DETAIL_NONE,
	  "the TD hit a fatal error: tear it down"),
	S(TDX_TD_NON_DEBUG, TDX_DETAIL_NONE,
	  "the operation needs a debug TD"),
	S(TDX_TDCS_NOT_ALLOCATED, TDX_DETAIL_NONE,
	  "not every TDCS page was added (TDH.MNG.ADDCX)"),
	S(TDX_LIFECYCLE_STATE_INCORRECT, TDX_DETAIL_NONE,
	  "the TD is in the wrong lifecycle state (keys not configured, or being torn down)"),
	S(TDX_OP_STATE_INCORRECT, TDX_DETAIL_NONE,
	  "the TD is in the wrong operation state (not initialized, or already finalized)"),
	S(TDX_NO_VCPUS, TDX_DETAIL_NONE,
	  "TDH.MR.FINALIZE needs at least one vCPU"),
	S(TDX_TDCX_NUM_INCORRECT, TDX_DETAIL_NONE,
	  "wrong number of TDCX pages: use TDVPS_BASE_SIZE from 'tdxctl metadata'"),
	S(TDX_X2APIC_ID_NOT_UNIQUE, TDX_DETAIL_NONE,
	  "two vCPUs of the TD have the same x2APIC ID"),
	S(TDX_VCPU_STATE_INCORRECT, TDX_DETAIL_NONE,
	  "the vCPU is in the wrong state for this call"),
	S(TDX_VCPU_ASSOCIATED, TDX_DETAIL_NONE,
	  "the vCPU is associated with another CPU: flush it there first"),
	S(TDX_VCPU_NOT_ASSOCIATED, TDX_DETAIL_NONE,
	  "the vCPU is not associated with this CPU (already flushed)"),
	S(TDX_MAX_VCPUS_EXCEEDED, TDX_DETAIL_NONE,
	  "the TD already has max_vcpus vCPUs"),
	S(TDX_TSC_ROLLBACK, TDX_DETAIL_NONE,
	  "the TSC went backwards on this CPU"),
	S(TDX_KEY_GENERATION_FAILED, TDX_DETAIL_NONE,
	  "key generation failed for lack of entropy: retry"),
	S(TDX_TD_KEYS_NOT_CONFIGURED, TDX_DETAIL_NONE,
	  "the TD key is not configured on every package yet (TDH.MNG.KEY.CONFIG)"),
	S(TDX_KEY_STATE_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "the TD key (HKID) is in the wrong state for this call"),
	S(TDX_KEY_CONFIGURED, TDX_DETAIL_NONE,
	  "the key is already configured on this package: nothing to do"),
	S(TDX_WBCACHE_NOT_COMPLETE, TDX_DETAIL_NONE,
	  "TDH.PHYMEM.CACHE.WB has not completed on every package"),
	S(TDX_HKID_NOT_FREE, TDX_DETAIL_NONE,
	  "the HKID is still in use"),
	S(TDX_NO_HKID_READY_TO_WBCACHE, TDX_DETAIL_NONE,
	  "no HKID waits for cache write-back: nothing to do"),
	S(TDX_WBCACHE_RESUME_ERROR, TDX_DETAIL_NONE,
	  "TDH.PHYMEM.CACHE.WB resumed with no interrupted call pending"),
	S(TDX_FLUSHVP_NOT_DONE, TDX_DETAIL_NONE,
	  "vCPUs are not flushed: TDH.VP.FLUSH each vCPU first"),
	S(TDX_NUM_ACTIVATED_HKIDS_NOT_SUPPORTED, TDX_DETAIL_NONE,
	  "the BIOS activated more TDX KeyIDs than this TDX module supports: lower the TDX KeyID count in the BIOS or update the module"),
	S(TDX_INCORRECT_CPUID_VALUE, TDX_DETAIL_NONE,
	  "a CPUID value is not what the TDX module needs (RCX = leaf/subleaf): check BIOS CPU settings, update BIOS/microcode/TDX module"),
	S(TDX_LIMIT_CPUID_MAXVAL_SET, TDX_DETAIL_NONE,
	  "'Limit CPUID Maximum' is on: turn it off in the BIOS"),
	S(TDX_INCONSISTENT_CPUID_FIELD, TDX_DETAIL_NONE,
	  "CPUID differs between CPUs: all CPUs/sockets need the same BIOS settings and microcode"),
	S(TDX_CPUID_MAX_SUBLEAVES_UNRECOGNIZED, TDX_DETAIL_NONE,
	  "the CPU reports CPUID subleaves this TDX module does not know: update the TDX module"),
	S(TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED, TDX_DETAIL_NONE,
	  "the TDX module does not understand CPUID leaf 0x1F (topology): update BIOS/TDX module"),
	S(TDX_INVALID_WBINVD_SCOPE, TDX_DETAIL_NONE,
	  "WBINVD is not package-scoped on this platform: unsupported CPU/BIOS configuration"),
	S(TDX_INVALID_PKG_ID, TDX_DETAIL_NONE,
	  "invalid package id"),
	S(TDX_ENABLE_MONITOR_FSM_NOT_SET, TDX_DETAIL_NONE,
	  "MONITOR/MWAIT is disabled in IA32_MISC_ENABLE: enable it in the BIOS"),
	S(TDX_CPUID_LEAF_NOT_SUPPORTED, TDX_DETAIL_CPUID_LEAF,
	  "the CPU lacks a CPUID leaf the TDX module needs: update BIOS/microcode"),
	S(TDX_SMRR_NOT_LOCKED, TDX_DETAIL_SMRR,
	  "the BIOS did not lock SMRR: update the BIOS"),
	S(TDX_INVALID_SMRR_CONFIGURATION, TDX_DETAIL_SMRR,
	  "SMRR configuration is unusable for TDX: update the BIOS"),
	S(TDX_SMRR_OVERLAPS_CMR, TDX_DETAIL_SMRR_CMR,
	  "SMRR overlaps convertible memory: BIOS bug, update the BIOS"),
	S(TDX_SMRR_LOCK_NOT_SUPPORTED, TDX_DETAIL_NONE,
	  "the CPU cannot lock SMRR: TDX is not supported on this platform"),
	S(TDX_SMRR_NOT_SUPPORTED, TDX_DETAIL_NONE,
	  "the CPU has no SMRR: TDX is not supported on this platform"),
	S(TDX_INCONSISTENT_MSR, TDX_DETAIL_MSR,
	  "an MSR differs between CPUs: all CPUs need the same BIOS settings"),
	S(TDX_INCORRECT_MSR_VALUE, TDX_DETAIL_MSR,
	  "an MSR has a value TDX cannot use: check BIOS TME/MKTME/TDX settings"),
	S(TDX_INVALID_TDMR, TDX_DETAIL_TDMR,
	  "TDMR is empty, not 1 GiB aligned or beyond MAXPA: tdxhost planner bug, report it"),
	S(TDX_NON_ORDERED_TDMR, TDX_DETAIL_TDMR,
	  "TDMRs are not sorted or overlap: tdxhost planner bug, report it"),
	S(TDX_TDMR_OUTSIDE_CMRS, TDX_DETAIL_TDMR,
	  "TDMR not covered by CMRs: memory outside the CMRs is not in a reserved area; compare 'tdxctl cmrs' with 'tdxctl tdmrs'"),
	S(TDX_TDMR_ALREADY_INITIALIZED, TDX_DETAIL_NONE,
	  "the TDMR is fully initialized: nothing to do"),
	S(TDX_INVALID_PAMT, TDX_DETAIL_TDMR_PAMT,
	  "PAMT is misaligned, too small or beyond MAXPA: tdxhost planner bug, report it"),
	S(TDX_PAMT_OUTSIDE_CMRS, TDX_DETAIL_TDMR_PAMT,
	  "PAMT memory is not convertible (outside the CMRs): PAMTs must come from TDX-usable RAM"),
	S(TDX_PAMT_OVERLAP, TDX_DETAIL_PAMT_OVERLAP,
	  "PAMT overlaps another PAMT or a TDMR's non-reserved memory: tdxhost planner bug, report it"),
	S(TDX_INVALID_RESERVED_IN_TDMR, TDX_DETAIL_TDMR_RSVD,
	  "reserved area is misaligned or not inside its TDMR: tdxhost planner bug, report it"),
	S(TDX_NON_ORDERED_RESERVED_IN_TDMR, TDX_DETAIL_TDMR_RSVD,
	  "reserved areas are unsorted, overlap, or follow an empty slot: tdxhost planner bug, report it"),
	S(TDX_CMR_LIST_INVALID, TDX_DETAIL_NONE,
	  "the BIOS's CMR list is invalid: update the BIOS"),
	S(TDX_EPT_WALK_FAILED, TDX_DETAIL_OPERAND_OPT,
	  "Secure EPT walk stopped at a missing level: add it with TDH.MEM.SEPT.ADD"),
	S(TDX_EPT_ENTRY_FREE, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is free (nothing mapped there)"),
	S(TDX_EPT_ENTRY_NOT_FREE, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is already in use (GPA mapped twice?)"),
	S(TDX_EPT_ENTRY_NOT_PRESENT, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is not present"),
	S(TDX_EPT_ENTRY_NOT_LEAF, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is not a leaf"),
	S(TDX_EPT_ENTRY_LEAF, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is a leaf where a table was expected"),
	S(TDX_GPA_RANGE_NOT_BLOCKED, TDX_DETAIL_OPERAND_OPT,
	  "the GPA range must be blocked first (TDH.MEM.RANGE.BLOCK)"),
	S(TDX_GPA_RANGE_ALREADY_BLOCKED, TDX_DETAIL_OPERAND_OPT,
	  "the GPA range is already blocked: nothing to do"),
	S(TDX_TLB_TRACKING_NOT_DONE, TDX_DETAIL_OPERAND_OPT,
	  "TLB tracking not done: TDH.MEM.TRACK and kick vCPUs first"),
	S(TDX_PAGE_SIZE_MISMATCH, TDX_DETAIL_OPERAND_OPT,
	  "the page size does not match the mapping"),
	S(TDX_GPA_RANGE_BLOCKED, TDX_DETAIL_OPERAND_OPT,
	  "the GPA range is blocked"),
	S(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT entry is in the wrong state for this call"),
	S(TDX_EPT_PAGE_NOT_FREE, TDX_DETAIL_OPERAND_OPT,
	  "the Secure EPT page still has entries in use"),
	S(TDX_METADATA_FIELD_ID_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "this TDX module does not know the field id (older module?)"),
	S(TDX_METADATA_FIELD_NOT_WRITABLE, TDX_DETAIL_OPERAND_OPT,
	  "the field cannot be written"),
	S(TDX_METADATA_FIELD_NOT_READABLE, TDX_DETAIL_OPERAND_OPT,
	  "the host may not read this field"),
	S(TDX_METADATA_FIELD_VALUE_NOT_VALID, TDX_DETAIL_OPERAND_OPT,
	  "the value is not valid for this field"),
	S(TDX_METADATA_LIST_OVERFLOW, TDX_DETAIL_OPERAND_OPT,
	  "the metadata list does not fit the buffer"),
	S(TDX_INVALID_METADATA_LIST_HEADER, TDX_DETAIL_OPERAND_OPT,
	  "the metadata list header is invalid"),
	S(TDX_REQUIRED_METADATA_FIELD_MISSING, TDX_DETAIL_OPERAND_OPT,
	  "a required metadata field is missing"),
	S(TDX_METADATA_ELEMENT_SIZE_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "the field id's element size is wrong"),
	S(TDX_METADATA_LAST_ELEMENT_INCORRECT, TDX_DETAIL_OPERAND_OPT,
	  "the field id's last-element index is wrong"),
	S(TDX_METADATA_FIELD_CURRENTLY_NOT_WRITABLE, TDX_DETAIL_OPERAND_OPT,
	  "the field cannot be written in the current state"),
	S(TDX_METADATA_WR_MASK_NOT_VALID, TDX_DETAIL_OPERAND_OPT,
	  "the write mask is not valid for this field"),
	S(TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT, TDX_DETAIL_NONE,
	  "first field id of the context (not an error)"),
	S(TDX_METADATA_FIELD_SKIP, TDX_DETAIL_NONE,
	  "field skipped (not an error)"),
	/* Class 0xFF: the host's SEAMCALL path; full 64-bit values. */
	S(TDX_SW_ERROR, TDX_DETAIL_NONE,
	  "error raised by the host's SEAMCALL path, not by the TDX module"),
	S(TDX_SEAMCALL_VMFAILINVALID, TDX_DETAIL_NONE,
	  "TDX module not loaded (SEAM): enable TDX in the BIOS"),
	S(TDX_SEAMCALL_GP, TDX_DETAIL_NONE,
	  "SEAMCALL raised #GP: the SEAM range (SEAMRR) is not enabled; enable TDX in the BIOS"),
	S(TDX_SEAMCALL_UD, TDX_DETAIL_NONE,
	  "CPU not in VMX operation or SEAMCALL unsupported"),
};

#undef S

/* Hints that depend on which leaf failed. */
struct tdx_leaf_hint {
	u64 code;
	u16 leaf;
	const char *hint;
};

static const struct tdx_leaf_hint tdx_leaf_hints[] = {
	{ TDX_SYS_NOT_READY, TDH_SYS_RD,
	  "TDX module 1.0 or not initialized: update the BIOS/TDX module (tdxhost needs 1.5 or later)" },
	{ TDX_SYS_NOT_READY, TDH_SYS_RDALL,
	  "TDX module 1.0 or not initialized: update the BIOS/TDX module (tdxhost needs 1.5 or later)" },
	{ TDX_SYS_NOT_READY, TDH_SYS_TDMR_INIT,
	  "TDMR init before every package ran TDH.SYS.KEY.CONFIG: tdxhost bug, report it" },
	{ TDX_OPERAND_INVALID, TDH_SYS_RD,
	  "TDH.SYS.RD rejected (a 1.0 TDX module has no TDH.SYS.RD): update the BIOS/TDX module" },
	{ TDX_OPERAND_BUSY, TDH_SYS_TDMR_INIT,
	  "another CPU is initializing the same TDMR: retry" },
	{ TDX_SYS_LP_INIT_NOT_DONE, TDH_SYS_RD,
	  "TDH.SYS.RD on a CPU that has not run TDH.SYS.LP.INIT: tdxhost bug, report it" },
	{ TDX_INCORRECT_CPUID_VALUE, TDH_SYS_INIT,
	  "the TDX module rejected a CPUID value at init (RCX = leaf/subleaf): check BIOS CPU settings, update BIOS/microcode/TDX module" },
	{ TDX_KEY_CONFIGURED, TDH_SYS_KEY_CONFIG,
	  "this package's global key is already configured: nothing to do" },
};

static const char tdx_seamldr_vmfail_hint[] =
	"P-SEAMLDR not present or busy: retry; if it persists, TDX is not enabled in the BIOS";

/* Bits 61:60 (fatal, recoverability hint) may be added to any code. */
#define TDX_STATUS_FLAG_BITS	(TDX_STATUS_FATAL | TDX_STATUS_HOST_RECOVERABILITY_HINT)

const struct tdx_status_info *tdx_status_find(u64 status)
{
	u64 code = status & TDX_STATUS_CODE_MASK;
	unsigned int i;

	if (TDX_STATUS_CLASS(status) == 0xFF) {
		/* Host codes are exact values; else it is a generic SW error. */
		for (i = 0; i < ARRAY_SIZE(tdx_statuses); i++)
			if (tdx_statuses[i].code == status)
				return &tdx_statuses[i];
		for (i = 0; i < ARRAY_SIZE(tdx_statuses); i++)
			if (tdx_statuses[i].code == TDX_SW_ERROR && code == TDX_SW_ERROR)
				return &tdx_statuses[i];
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(tdx_statuses); i++)
		if (tdx_statuses[i].code == code)
			return &tdx_statuses[i];
	code &= ~TDX_STATUS_FLAG_BITS;
	for (i = 0; i < ARRAY_SIZE(tdx_statuses); i++)
		if (TDX_STATUS_CLASS(tdx_statuses[i].code) != 0xFF &&
		    (tdx_statuses[i].code & ~TDX_STATUS_FLAG_BITS) == code)
			return &tdx_statuses[i];
	return NULL;
}

const struct tdx_status_info *tdx_status_table(unsigned int *nr)
{
	if (nr)
		*nr = ARRAY_SIZE(tdx_statuses);
	return tdx_statuses;
}

int tdx_status_lookup(const char *name, u64 *code)
{
	unsigned int i;

	if (!name || !code)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(tdx_statuses); i++) {
		const char *n = tdx_statuses[i].name;

		if (tdx_name_eq(name, n) || tdx_name_eq(name, n + 4)) {
			*code = tdx_statuses[i].code;
			return 0;
		}
	}
	return -EINVAL;
}

static bool tdx_leaf_is_seamldr(u64 leaf)
{
	return leaf == SEAMLDR_INFO || leaf == SEAMLDR_INSTALL;
}

static const char *tdx_status_hint(const struct tdx_status_info *info, u64 leaf)
{
	unsigned int i;

	if (info->code == TDX_SEAMCALL_VMFAILINVALID && tdx_leaf_is_seamldr(leaf))
		return tdx_seamldr_vmfail_hint;
	if (leaf != TDX_LEAF_NONE && !(leaf >> 24)) {
		for (i = 0; i < ARRAY_SIZE(tdx_leaf_hints); i++)
			if (tdx_leaf_hints[i].code == info->code &&
			    tdx_leaf_hints[i].leaf == (leaf & TDX_LEAF_MASK))
				return tdx_leaf_hints[i].hint;
	}
	return info->hint;
}

int tdx_status_decode(u64 status, u64 leaf, struct tdx_status_decoded *out)
{
	const struct tdx_status_info *info = tdx_status_find(status);
	const struct tdx_class_row *cls;
	u32 detail = (u32)(status & TDX_STATUS_DETAIL_MASK);

	memset(out, 0, sizeof(*out));
	out->status = status;
	out->leaf = leaf;
	out->leaf_name = leaf == TDX_LEAF_NONE ? NULL : tdx_leaf_name(leaf);
	out->class_ = TDX_STATUS_CLASS(status);
	out->error = !!(status & TDX_STATUS_ERROR);
	out->non_recoverable = !!(status & TDX_STATUS_NON_RECOVERABLE);
	out->fatal = !!(status & TDX_STATUS_FATAL);
	out->sw = out->class_ == 0xFF;
	out->detail = detail;
	out->tdmr = -1;
	out->pamt_page_size = -1;
	out->index2 = -1;
	cls = tdx_class_find(out->class_);
	out->class_name = cls ? cls->name : tdx_unknown_class_name;

	if (info) {
		out->name = info->name;
		out->code = info->code;
		out->hint = tdx_status_hint(info, leaf);
		out->detail_kind = info->detail;
		/* The SW codes' detail is part of their value. */
		if (out->sw && status == info->code)
			out->detail_kind = TDX_DETAIL_NONE;
	} else {
		out->code = out->sw ? status : status & TDX_STATUS_CODE_MASK;
		out->hint = cls ? cls->hint : tdx_unknown_hint;
		out->detail_kind = tdx_operand_name(detail) ?
				   TDX_DETAIL_OPERAND_OPT : TDX_DETAIL_NONE;
	}
	if (out->sw && info && status == info->code)
		out->detail = 0;

	switch (out->detail_kind) {
	case TDX_DETAIL_OPERAND:
	case TDX_DETAIL_OPERAND_OPT:
		out->operand_id = detail;
		if (detail || out->detail_kind == TDX_DETAIL_OPERAND)
			out->operand = tdx_operand_name(detail);
		break;
	case TDX_DETAIL_PAMT_OVERLAP:
		out->index2 = (detail >> 16) & 0xff;
		out->pamt_page_size = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR_PAMT:
		out->pamt_page_size = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR_RSVD:
		out->index2 = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR:
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_SMRR_CMR:
		out->index2 = (detail >> 8) & 0xff;
		break;
	default:
		break;
	}
	return info ? 0 : -ENOENT;
}

int tdx_status_to_errno(u64 status)
{
	if (!(status & TDX_STATUS_ERROR))
		return 0;
	if (status == TDX_SEAMCALL_VMFAILINVALID)
		return -ENODEV;
	if (status == TDX_SEAMCALL_GP)
		return -EOPNOTSUPP;
	if (status == TDX_SEAMCALL_UD)
		return -EACCES;
	return -EIO;
}

/* ------------------------------------------------------------ formatting */

static const char *const tdx_page_size_names[] = {
	[TDX_PS_4K] = "4K",
	[TDX_PS_2M] = "2M",
	[TDX_PS_1G] = "1G",
};

static void tdx_put_page_size(struct tdx_strbuf *sb, int page_size)
{
	if (page_size >= 0 && page_size < TDX_PS_NR) {
		tdx_strbuf_puts(sb, tdx_page_size_names[page_size]);
	} else {
		tdx_strbuf_puts(sb, "size ");
		tdx_strbuf_dec(sb, (u64)page_size);
	}
}

/* The part in parentheses; nothing if the detail says nothing. */
static void tdx_put_detail(struct tdx_strbuf *sb, const struct tdx_status_decoded *d)
{
	switch (d->detail_kind) {
	case TDX_DETAIL_OPERAND:
	case TDX_DETAIL_OPERAND_OPT:
		if (d->operand) {
			tdx_strbuf_puts(sb, " (operand ");
			tdx_strbuf_puts(sb, d->operand);
		} else if (d->detail) {
			tdx_strbuf_puts(sb, " (operand ");
			tdx_strbuf_hex(sb, d->detail, 0);
		} else {
			return;
		}
		break;
	case TDX_DETAIL_TDMR:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		break;
	case TDX_DETAIL_TDMR_PAMT:
	case TDX_DETAIL_PAMT_OVERLAP:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		tdx_strbuf_puts(sb, " PAMT_");
		tdx_put_page_size(sb, d->pamt_page_size);
		if (d->detail_kind == TDX_DETAIL_PAMT_OVERLAP) {
			tdx_strbuf_puts(sb, ", overlaps TDMR ");
			tdx_strbuf_dec(sb, (u64)d->index2);
		}
		break;
	case TDX_DETAIL_TDMR_RSVD:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		tdx_strbuf_puts(sb, ", reserved area ");
		tdx_strbuf_dec(sb, (u64)d->index2);
		break;
	case TDX_DETAIL_CPUID_LEAF:
		tdx_strbuf_puts(sb, " (CPUID leaf ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	case TDX_DETAIL_MSR:
		tdx_strbuf_puts(sb, " (MSR ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	case TDX_DETAIL_SMRR:
		tdx_strbuf_puts(sb, " (SMRR index ");
		tdx_strbuf_dec(sb, d->detail & 0xff);
		break;
	case TDX_DETAIL_SMRR_CMR:
		tdx_strbuf_puts(sb, " (SMRR index ");
		tdx_strbuf_dec(sb, d->detail & 0xff);
		tdx_strbuf_puts(sb, ", CMR ");
		tdx_strbuf_dec(sb, (u64)d->index2);
		break;
	default:
		if (!d->detail)
			return;
		tdx_strbuf_puts(sb, " (detail ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	}
	tdx_strbuf_putc(sb, ')');
}

static void tdx_put_status(struct tdx_strbuf *sb, const struct tdx_status_decoded *d)
{
	if (d->name) {
		tdx_strbuf_puts(sb, d->name);
	} else {
		tdx_strbuf_puts(sb, "UNKNOWN (class ");
		tdx_strbuf_hex(sb, d->class_, 2);
		tdx_strbuf_putc(sb, ' ');
		tdx_strbuf_puts(sb, d->class_name);
		tdx_strbuf_puts(sb, d->error ? ", error" : ", not an error");
		if (d->non_recoverable)
			tdx_strbuf_puts(sb, ", non-recoverable");
		tdx_strbuf_putc(sb, ')');
	}
	tdx_put_detail(sb, d);
	/* Flag bits the table code does not already carry. */
	if (d->name && d->fatal && !(d->code & TDX_STATUS_FATAL))
		tdx_strbuf_puts(sb, " [fatal]");
	tdx_strbuf_puts(sb, ": ");
	tdx_strbuf_puts(sb, d->hint);
}

int tdx_status_format(char *buf, size_t len, u64 status, u64 leaf)
{
	struct tdx_status_decoded d;
	struct tdx_strbuf sb;

	tdx_status_decode(status, leaf, &d);
	tdx_strbuf_init(&sb, buf, len);
	tdx_put_status(&sb, &d);
	return tdx_strbuf_finish(&sb);
}

int tdx_seamcall_format(char *buf, size_t len, u64 leaf, u64 status)
{
	struct tdx_status_decoded d;
	struct tdx_strbuf sb;

	tdx_status_decode(status, leaf, &d);
	tdx_strbuf_init(&sb, buf, len);
	tdx_strbuf_puts(&sb, "SEAMCALL ");
	if (d.leaf_name) {
		tdx_strbuf_puts(&sb, d.leaf_name);
		tdx_strbuf_putc(&sb, ' ');
	}
	tdx_strbuf_putc(&sb, '(');
	tdx_strbuf_dec(&sb, leaf);
	tdx_strbuf_puts(&sb, ") failed: ");
	tdx_strbuf_hex(&sb, status, 16);
	tdx_strbuf_putc(&sb, ' ');
	tdx_put_status(&sb, &d);
	return tdx_strbuf_finish(&sb);
}

/* ---------------------------------------------------------- line parser */

static bool tdx_is_alpha(char c)
{
	c = tdx_lower(c);
	return c >= 'a' && c <= 'z';
}

static bool tdx_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *tdx_find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (tdx_lower(hay[i]) != tdx_lower(needle[i]))
				break;
		if (i == n)
			return hay;
	}
	return NULL;
}

static const char *tdx_skip_space(const char *p)
{
	while (tdx_is_space(*p) || *p == ':')
		p++;
	return p;
}

static bool tdx_token_is(const char *tok, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word[i] || tdx_lower(tok[i]) != word[i])
			return false;
	return !word[n];
}

/* Parse what follows one "SEAMCALL" of a line. */
static int tdx_parse_after_seamcall(const char *p, u64 *leaf, u64 *status)
{
	/* Do not read past the next SEAMCALL of the line into its status. */
	const char *next = tdx_find_ci(p, "SEAMCALL");
	char name[48];
	unsigned int digits = 0;
	u64 v = 0;

	*leaf = TDX_LEAF_NONE;
	p = tdx_skip_space(p);
	if (tdx_is_alpha(*p)) {
		const char *tok = p;
		size_t n;

		while (tdx_is_alpha(*p) || tdx_is_digit(*p) || *p == '.' || *p == '_')
			p++;
		n = (size_t)(p - tok);
		if (tdx_token_is(tok, n, "failed")) {
			p = tok;
		} else if (!tdx_token_is(tok, n, "leaf") && n < sizeof(name)) {
			memcpy(name, tok, n);
			name[n] = '\0';
			if (tdx_leaf_lookup(name, &v) == 0)
				*leaf = v;
		}
		p = tdx_skip_space(p);
	}
	if (*p == '(') {
		p = tdx_skip_space(p + 1);
		if (tdx_parse_number(&p, &v) == 0)
			*leaf = v;
	} else if (tdx_is_digit(*p)) {
		if (tdx_parse_number(&p, &v) == 0)
			*leaf = v;
	}

	p = tdx_find_ci(p, "failed");
	if (!p || (next && next < p))
		return -EINVAL;
	p += strlen("failed");
	while (tdx_is_space(*p) || *p == ':' || *p == '=' || *p == ',')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	v = 0;
	while (tdx_hex_val(*p) >= 0) {
		if (++digits > 16)
			return -EINVAL;
		v = (v << 4) | (u64)tdx_hex_val(*p++);
	}
	if (!digits)
		return -EINVAL;
	*status = v;
	return 0;
}

int tdx_parse_seamcall_line(const char *line, u64 *leaf, u64 *status)
{
	const char *p;
	u64 l, s;

	if (!line || !leaf || !status)
		return -EINVAL;
	for (p = tdx_find_ci(line, "SEAMCALL"); p; p = tdx_find_ci(p + 1, "SEAMCALL")) {
		if (tdx_parse_after_seamcall(p + strlen("SEAMCALL"), &l, &s) == 0) {
			*leaf = l;
			*status = s;
			return 0;
		}
	}
	return -EINVAL;
}
