// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_perf_event_output from XDP on the card (docs/compiler.md, "Helpers
 * on the card"): 6.1's bpf_xdp_event_output() and __bpf_perf_event_output().
 * The card's PERF_EVENT_ARRAY holds, per index, the CPU (ME) its perf
 * event is on (include/xnic/maps.h); a record goes to the card log
 * (include/xnic/card.h), which xnic-cc prints.  A PERF_EVENT_ARRAY left on
 * the host (xcc_map_desc.host_id, the guest's offload path) has its events
 * there and a slot table on the card, kept by the driver, that says which
 * indices have one: the card checks as for its own map but for the CPU,
 * and the driver hands the record to the event of its index on that
 * event's CPU (docs/driver.md "Perf records").
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

#define XCC_PERF_EINVAL		22u
#define XCC_PERF_EFAULT		14u
#define XCC_PERF_E2BIG		7u
#define XCC_PERF_ENOENT		2u
#define XCC_PERF_EOPNOTSUPP	95u
#define XCC_PERF_CTXLEN_HI	0xfffffu	/* BPF_F_CTXLEN_MASK >> 32 */

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

static void xcc_perf_fail(struct xcc_prog *prog, u32 label, u32 err, u32 done)
{
	xcc_mc_label(prog, label);
	xcc_mc_mov32(prog, xcc_lo(0), (u32)-(s32)err);
	xcc_mc_mov32(prog, xcc_hi(0), 0xffffffffu);
	xcc_mc_br(prog, ME_COND_AL, done);
}

/*
 * The checks of flags (-EINVAL) and of the frame bytes asked for in their
 * upper word (T(5); -EFAULT beyond the frame).  T(2) = flags' index as
 * given.
 */
static void xcc_perf_flag_checks(struct xcc_prog *prog, const u32 *err)
{
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(2), xcc_hi(3), xcc_k(prog, ~XCC_PERF_CTXLEN_HI));
	xcc_mc_br(prog, ME_COND_NE, err[0]);
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(5), xcc_hi(3), xcc_k(prog, XCC_PERF_CTXLEN_HI));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(3), 2, XNIC_MD_DATA);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_TB(3), 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_SUB, XCC_TB(3), XCC_TB(3), XCC_T(3));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), XCC_TB(3));
	xcc_mc_br(prog, ME_COND_HI, err[1]);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(2), xcc_lo(3));
}

/*
 * BPF_F_CURRENT_CPU in T(2) becomes an index: on a card map this ME's
 * (TB(3)), on a host map the one its slot table's last entry names, and
 * -ENOENT when that entry says the map has no event (include/xnic/maps.h).
 */
static void xcc_perf_current_cpu(struct xcc_prog *prog, u32 idx, u32 enoent)
{
	const struct xcc_map_layout *l = &prog->layout[idx];
	u32 max = prog->maps[idx].max_entries, index_given = xcc_mc_new_label(prog);

	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, (u32)BPF_F_CURRENT_CPU));
	xcc_mc_br(prog, ME_COND_NE, index_given);
	if (!prog->maps[idx].host_id) {
		xcc_mc_un(prog, ME_OP_MOV, XCC_T(2), XCC_TB(3));
	} else {
		xcc_mc_mov32(prog, XCC_T(4), l->addr + max * l->stride);
		xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(4), xcc_k(prog, 0), 4);
		xcc_mc_un(prog, ME_OP_MOV, XCC_T(2), xcc_xr(0));
		xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, 0));
		xcc_mc_br(prog, ME_COND_EQ, enoent);
		xcc_mc_alu(prog, ME_OP_SUB, XCC_T(2), XCC_T(2), xcc_k(prog, 1));
	}
	xcc_mc_label(prog, index_given);
}

/*
 * The checks of the index (T(2)): -E2BIG beyond the map, -ENOENT without
 * an event there; on a card map -EOPNOTSUPP for an event on another ME.
 * A host map's event is on a host CPU, where the driver delivers the
 * record (docs/driver.md "Perf records").
 */
static void xcc_perf_index_checks(struct xcc_prog *prog, u32 idx, const u32 *err)
{
	const struct xcc_map_layout *l = &prog->layout[idx];

	xcc_mc_csr(prog, XCC_TB(3), ME_CSR_ME);
	xcc_perf_current_cpu(prog, idx, err[1]);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, prog->maps[idx].max_entries));
	xcc_mc_br(prog, ME_COND_HS, err[0]);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(4), XCC_T(2), xcc_k(prog, l->stride));
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(4), xcc_k(prog, l->addr), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(4), xcc_xr(0));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(4), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, err[1]);
	if (prog->maps[idx].host_id)
		return;
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(4), XCC_T(4), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(4), XCC_TB(3));
	xcc_mc_br(prog, ME_COND_NE, err[2]);
}

/*
 * The record: reserve the header + data + frame bytes (rounded up to 8) in
 * the card log, write the header with type 0, copy the data (r4, r5 bytes
 * of meta_type) and the frame bytes, then set the type.  A full log counts
 * the record as lost.  A card map's record (XNIC_LOG_PERF) names the CPU
 * of its event, a host map's (XNIC_LOG_PERF_HOST) the index checked and
 * the map.
 */
static void xcc_perf_record(struct xcc_prog *prog, u8 meta_type, u32 host_id)
{
	u32 full = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	u32 hdr = host_id ? XNIC_LOG_PHOST_DATA : XNIC_LOG_PERF_DATA;
	struct xcc_mop rec = XCC_TB(4), len = XCC_T(4), size = XCC_TB(5);

	xcc_mc_alu(prog, ME_OP_ADD, size, xcc_lo(5), XCC_T(5));
	xcc_mc_alu(prog, ME_OP_ADD, len, size, xcc_k(prog, hdr + 7));
	xcc_mc_alu(prog, ME_OP_AND, len, len, xcc_k(prog, ~7u));
	xcc_mc_mov32(prog, rec, XNIC_EMEM_LOG);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), len);
	xcc_mc_mem(prog, ME_OP_MEM_ADD, ME_SPACE_EMEM, 0, rec, xcc_k(prog, XNIC_LOG_HEAD), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(3), xcc_xr(0));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), XCC_T(3), len);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, XNIC_LOG_SIZE - XNIC_LOG_RECORDS));
	xcc_mc_br(prog, ME_COND_HI, full);
	xcc_mc_alu(prog, ME_OP_ADD, rec, XCC_T(3), xcc_k(prog, XNIC_EMEM_LOG + XNIC_LOG_RECORDS));
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), len);
	xcc_mc_mov32(prog, xcc_xw(1), 0);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(2), XCC_T(2));
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(3), size);
	if (host_id) {
		xcc_mc_mov32(prog, xcc_xw(4), host_id);
		xcc_mc_mov32(prog, xcc_xw(5), 0);
	}
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, rec, xcc_k(prog, 0), hdr);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(1), rec, xcc_k(prog, hdr));
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(0), xcc_lo(4));
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), xcc_lo(5));
	xcc_hl_copy(prog, XCC_T_MAP_VALUE, XCC_T(1), meta_type, XCC_T(0), XCC_TB(0));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 2, XNIC_MD_DATA);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(5));
	xcc_hl_copy(prog, XCC_T_MAP_VALUE, XCC_T(1), XCC_T_PKT, XCC_T(0), XCC_TB(0));
	xcc_mc_mov32(prog, xcc_xw(0), host_id ? XNIC_LOG_PERF_HOST : XNIC_LOG_PERF);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, rec, xcc_k(prog, XNIC_LOG_REC_TYPE), 4);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, full);
	xcc_mc_mov32(prog, rec, XNIC_EMEM_LOG);
	xcc_mc_mov32(prog, xcc_xw(0), 1);
	xcc_mc_mem(prog, ME_OP_MEM_ADD, ME_SPACE_EMEM, 0, rec, xcc_k(prog, XNIC_LOG_LOST), 4);
	xcc_mc_label(prog, done);
}

/*
 * bpf_perf_event_output(ctx, map, flags, data, size): the map must be a
 * PERF_EVENT_ARRAY the compiler knows; data on the stack, in a map value
 * or in the packet.
 */
int xcc_hl_perf_event_output(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	const struct xcc_map_desc *d;
	u8 meta_type = m->arg45_type[0];
	u32 err[5], done = xcc_mc_new_label(prog), k, n_err;
	static const u32 codes[5] = { XCC_PERF_EINVAL, XCC_PERF_EFAULT, XCC_PERF_E2BIG,
				      XCC_PERF_ENOENT, XCC_PERF_EOPNOTSUPP };

	if (m->src.type != XCC_T_MAP_PTR || m->src.id == XCC_MAP_ANY ||
	    prog->maps[m->src.id].type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_perf_event_output: the map in r2 must be "
			 "a PERF_EVENT_ARRAY known at compile time");
		return -1;
	}
	d = &prog->maps[m->src.id];
	if (meta_type != XCC_T_STACK && meta_type != XCC_T_MAP_VALUE && meta_type != XCC_T_PKT &&
	    meta_type != XCC_T_PKT_META) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_perf_event_output: the data in r4 must "
			 "be on the stack, in a map value or in the packet");
		return -1;
	}
	n_err = d->host_id ? 4 : 5;
	for (k = 0; k < n_err; k++)
		err[k] = xcc_mc_new_label(prog);
	xcc_perf_flag_checks(prog, err);
	xcc_perf_index_checks(prog, m->src.id, err + 2);
	xcc_perf_record(prog, meta_type, d->host_id);
	xcc_mc_mov32(prog, xcc_lo(0), 0);
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	for (k = 0; k < n_err; k++)
		xcc_perf_fail(prog, err[k], codes[k], done);
	xcc_mc_label(prog, done);
	return 0;
}
