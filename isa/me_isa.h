/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The xnic microengine ISA: the one opcode table.  The emulator, the
 * assembler, the disassembler and the offload compiler all expand
 * ME_ISA_OPCODES; nothing else lists opcodes.  docs/isa.md is the reference
 * for every name below (section numbers in comments refer to it).
 *
 * This header holds only constants and X-macros so that it compiles in the
 * QEMU device, in host tools and in freestanding code.
 */
#ifndef ME_ISA_H
#define ME_ISA_H

/*
 * Instruction word (docs/isa.md section 4), 64 bits, little endian in files:
 *   63..56 opcode   55..48 D operand   47..40 A operand   39..32 B operand
 *   31..16 X field (per format)        15..0  I field (immediate / target)
 */
#define ME_W_OP_SHIFT		56
#define ME_W_D_SHIFT		48
#define ME_W_A_SHIFT		40
#define ME_W_B_SHIFT		32
#define ME_W_X_SHIFT		16
#define ME_W_I_SHIFT		0

/* Operand byte: kind in bits 7..5, register index in bits 4..0 (section 4.1). */
#define ME_OPND_KIND_SHIFT	5
#define ME_OPND_INDEX_MASK	0x1f
#define ME_OPK_NONE		0	/* slot unused; whole byte must be 0 */
#define ME_OPK_GPR_A		1	/* A-bank general-purpose register */
#define ME_OPK_GPR_B		2	/* B-bank general-purpose register */
#define ME_OPK_XR		3	/* read transfer register $xrN */
#define ME_OPK_XW		4	/* write transfer register $xwN */
#define ME_OPK_IMM_Z		5	/* I field zero-extended (B slot only) */
#define ME_OPK_IMM_S		6	/* I field sign-extended, I >= 0x8000 */

/* Machine limits (section 2). */
#define ME_GPRS_MAX		32	/* per bank, 4-context mode */
#define ME_GPRS_8CTX		16	/* per bank, 8-context mode */
#define ME_XFER_REGS		16	/* read and write transfer, per context */
#define ME_LM_INDEXES		4	/* l0..l3, per context */
#define ME_SIGNALS		16	/* sig0..sig15, per context */
#define ME_CTX_MAX		8
#define ME_ISTORE_MAX		65536	/* branch targets are 16 bits */
#define ME_MEM_LEN_MAX		64	/* bytes per memory command */

/* X field layouts (section 4.2). */
#define ME_X_COND_MASK		0xf		/* br, br_cmp, br_cmpi: condition */
#define ME_X_CMPIMM_SHIFT	4		/* br_cmpi: bits 15..4 signed imm */
#define ME_X_BIT_MASK		0x1f		/* br_bset/br_bclr: bit */
#define ME_X_POS_MASK		0x1f		/* ext/ins: bits 4..0 pos */
#define ME_X_WIDTH_SHIFT	5		/* ext/ins: bits 9..5 width-1 */
#define ME_X_LMI_MASK		0x3		/* lm_*: bits 1..0 index reg */
#define ME_X_LMOFF_SHIFT	4		/* lm_*: bits 15..4 signed offset */
#define ME_X_SPACE_MASK		0x3		/* mem/dma: bits 1..0 space */
#define ME_X_LEN_SHIFT		2		/* mem: bits 7..2 length-1 */
#define ME_X_LEN_MASK		0x3f
#define ME_X_SIG_SHIFT		8		/* mem/io: bits 11..8 signal */
#define ME_X_SIG_MASK		0xf
#define ME_X_SWAP_BIT		(1u << 12)	/* mem/io: swap out until signal */

/*
 * Operand formats (section 5).  Letters: D destination, A and B sources
 * (B may be an immediate), T branch target in I, X per-format field.
 */
#define ME_ISA_FORMATS(F) \
	F(NONE,  "")			\
	F(ALU,   "D, A, B")		\
	F(UNARY, "D, B")		\
	F(CMP,   "A, B")		\
	F(IMMHI, "D, #imm16")		\
	F(EXT,   "D, A, #pos, #width")	\
	F(INS,   "D, A, B, #pos, #width")	\
	F(BR,    ".cond T")		\
	F(BRBIT, "A, #bit, T")		\
	F(BRCMP, ".cond A, B, T")	\
	F(BRCMPI, ".cond A, #imm12, T")	\
	F(CALL,  "D, T")		\
	F(RET,   "A")			\
	F(WAIT,  "#sigmask")		\
	F(CSRRD, "D, #csr")		\
	F(CSRWR, "B, #csr")		\
	F(LMLD,  "D, lN[#off]")		\
	F(LMST,  "B, lN[#off]")		\
	F(LMSET, "lN, A, B")		\
	F(LMGET, "D, lN")		\
	F(MEM,   ".space X, A, B, #len, sigS[, swap]")	\
	F(IO,    "X, sigS[, swap]")	\
	F(DMA,   ".space X, sigS[, swap]")

enum me_format {
#define ME_FMT_ENUM(name, syntax) ME_FMT_##name,
	ME_ISA_FORMATS(ME_FMT_ENUM)
#undef ME_FMT_ENUM
	ME_FMT_COUNT
};

/* Instruction flags in the opcode table. */
#define ME_F_SETCC	(1u << 0)	/* writes condition codes */
#define ME_F_USECC	(1u << 1)	/* reads condition codes */
#define ME_F_BRANCH	(1u << 2)	/* may change the PC */
#define ME_F_SWAP	(1u << 3)	/* always leaves the context */
#define ME_F_CMD	(1u << 4)	/* issues a command (section 7) */

/*
 * The opcode table (section 5).  X(NAME, opcode, "mnemonic", FORMAT, cycles,
 * flags).  Cycles are the issue cost; taken branches add ME_CYC_TAKEN and
 * commands complete after their latency (section 6).
 */
#define ME_ISA_OPCODES(X) \
	X(NOP,      0x00, "nop",       NONE,  1,  0)			\
	X(HALT,     0x01, "halt",      NONE,  1,  ME_F_SWAP)		\
	X(CTX_SWAP, 0x02, "ctx_swap",  NONE,  1,  ME_F_SWAP)		\
	X(CTX_WAIT, 0x03, "ctx_wait",  WAIT,  1,  ME_F_SWAP)		\
	X(MOV,      0x08, "mov",       UNARY, 1,  0)			\
	X(NOT,      0x09, "not",       UNARY, 1,  0)			\
	X(BSWAP,    0x0a, "bswap",     UNARY, 1,  0)			\
	X(BSWAP16,  0x0b, "bswap16",   UNARY, 1,  0)			\
	X(IMMED_HI, 0x0c, "immed_hi",  IMMHI, 1,  0)			\
	X(ADD,      0x10, "add",       ALU,   1,  ME_F_SETCC)		\
	X(ADDC,     0x11, "addc",      ALU,   1,  ME_F_SETCC | ME_F_USECC)	\
	X(SUB,      0x12, "sub",       ALU,   1,  ME_F_SETCC)		\
	X(SUBB,     0x13, "subb",      ALU,   1,  ME_F_SETCC | ME_F_USECC)	\
	X(AND,      0x14, "and",       ALU,   1,  ME_F_SETCC)		\
	X(OR,       0x15, "or",        ALU,   1,  ME_F_SETCC)		\
	X(XOR,      0x16, "xor",       ALU,   1,  ME_F_SETCC)		\
	X(ANDN,     0x17, "andn",      ALU,   1,  ME_F_SETCC)		\
	X(SHL,      0x18, "shl",       ALU,   1,  0)			\
	X(SHR,      0x19, "shr",       ALU,   1,  0)			\
	X(ASR,      0x1a, "asr",       ALU,   1,  0)			\
	X(ROL,      0x1b, "rol",       ALU,   1,  0)			\
	X(ROR,      0x1c, "ror",       ALU,   1,  0)			\
	X(MUL,      0x20, "mul",       ALU,   3,  0)			\
	X(MULHU,    0x21, "mulhu",     ALU,   3,  0)			\
	X(DIVU,     0x22, "divu",      ALU,   20, 0)			\
	X(REMU,     0x23, "remu",      ALU,   20, 0)			\
	X(EXT,      0x28, "ext",       EXT,   1,  0)			\
	X(INS,      0x29, "ins",       INS,   1,  0)			\
	X(CMP,      0x30, "cmp",       CMP,   1,  ME_F_SETCC)		\
	X(CMPB,     0x31, "cmpb",      CMP,   1,  ME_F_SETCC | ME_F_USECC)	\
	X(TST,      0x32, "tst",       CMP,   1,  ME_F_SETCC)		\
	X(BR,       0x38, "br",        BR,    1,  ME_F_BRANCH | ME_F_USECC)	\
	X(BR_BSET,  0x39, "br_bset",   BRBIT, 1,  ME_F_BRANCH)		\
	X(BR_BCLR,  0x3a, "br_bclr",   BRBIT, 1,  ME_F_BRANCH)		\
	X(CALL,     0x3b, "call",      CALL,  2,  ME_F_BRANCH)		\
	X(BR_CMP,   0x3d, "br_cmp",    BRCMP, 1,  ME_F_BRANCH)		\
	X(BR_CMPI,  0x3e, "br_cmpi",   BRCMPI, 1, ME_F_BRANCH)		\
	X(RET,      0x3c, "ret",       RET,   2,  ME_F_BRANCH)		\
	X(LM_LD8,   0x40, "lm_ld8",    LMLD,  1,  0)			\
	X(LM_LD16,  0x41, "lm_ld16",   LMLD,  1,  0)			\
	X(LM_LD32,  0x42, "lm_ld32",   LMLD,  1,  0)			\
	X(LM_ST8,   0x43, "lm_st8",    LMST,  1,  0)			\
	X(LM_ST16,  0x44, "lm_st16",   LMST,  1,  0)			\
	X(LM_ST32,  0x45, "lm_st32",   LMST,  1,  0)			\
	X(LM_SET,   0x46, "lm_set",    LMSET, 1,  0)			\
	X(LM_GET,   0x47, "lm_get",    LMGET, 1,  0)			\
	X(CSR_RD,   0x48, "csr_rd",    CSRRD, 1,  0)			\
	X(CSR_WR,   0x49, "csr_wr",    CSRWR, 1,  0)			\
	X(MEM_RD,   0x50, "mem_rd",    MEM,   1,  ME_F_CMD)		\
	X(MEM_WR,   0x51, "mem_wr",    MEM,   1,  ME_F_CMD)		\
	X(MEM_ADD,  0x52, "mem_add",   MEM,   1,  ME_F_CMD)		\
	X(MEM_AND,  0x53, "mem_and",   MEM,   1,  ME_F_CMD)		\
	X(MEM_OR,   0x54, "mem_or",    MEM,   1,  ME_F_CMD)		\
	X(MEM_XOR,  0x55, "mem_xor",   MEM,   1,  ME_F_CMD)		\
	X(MEM_SWAP, 0x56, "mem_swap",  MEM,   1,  ME_F_CMD)		\
	X(MEM_CAS,  0x57, "mem_cas",   MEM,   1,  ME_F_CMD)		\
	X(PKT_RX,   0x60, "pkt_rx",    IO,    1,  ME_F_CMD)		\
	X(PKT_TX,   0x61, "pkt_tx",    IO,    1,  ME_F_CMD)		\
	X(DMA_TO_HOST,   0x62, "dma_to_host",   DMA, 1, ME_F_CMD)	\
	X(DMA_FROM_HOST, 0x63, "dma_from_host", DMA, 1, ME_F_CMD)

enum me_opcode {
#define ME_OP_ENUM(name, code, mnem, fmt, cyc, flags) ME_OP_##name = code,
	ME_ISA_OPCODES(ME_OP_ENUM)
#undef ME_OP_ENUM
	ME_OP_LIMIT = 0x100
};

/* Extra cycles for a taken branch (section 6.1). */
#define ME_CYC_TAKEN		1

/* Condition codes for br (section 3.2): X(NAME, code, "suffix"). */
#define ME_ISA_CONDS(X) \
	X(AL, 0,  "al")	/* always */				\
	X(EQ, 1,  "eq")	/* Z */					\
	X(NE, 2,  "ne")	/* !Z */				\
	X(LO, 3,  "lo")	/* C: unsigned <, borrow */		\
	X(HS, 4,  "hs")	/* !C: unsigned >= */			\
	X(MI, 5,  "mi")	/* N */					\
	X(PL, 6,  "pl")	/* !N */				\
	X(VS, 7,  "vs")	/* V */					\
	X(VC, 8,  "vc")	/* !V */				\
	X(HI, 9,  "hi")	/* !C && !Z: unsigned > */		\
	X(LS, 10, "ls")	/* C || Z: unsigned <= */		\
	X(GE, 11, "ge")	/* N == V: signed >= */			\
	X(LT, 12, "lt")	/* N != V: signed < */			\
	X(GT, 13, "gt")	/* !Z && N == V: signed > */		\
	X(LE, 14, "le")	/* Z || N != V: signed <= */

enum me_cond {
#define ME_COND_ENUM(name, code, sfx) ME_COND_##name = code,
	ME_ISA_CONDS(ME_COND_ENUM)
#undef ME_COND_ENUM
	ME_COND_COUNT
};

/* Memory spaces of mem_* and dma_* commands (section 6). */
#define ME_ISA_SPACES(X) \
	X(PKT,  0, "pkt")	/* packet memory, shared, holds frames */ \
	X(IMEM, 1, "imem")	/* internal memory, shared, small */	\
	X(EMEM, 2, "emem")	/* external memory, shared, maps */

enum me_space {
#define ME_SPACE_ENUM(name, code, sfx) ME_SPACE_##name = code,
	ME_ISA_SPACES(ME_SPACE_ENUM)
#undef ME_SPACE_ENUM
	ME_SPACE_COUNT
};

/* Local CSRs, read-only (section 8).  Numbers >= ME_CSR_CARD_BASE go to the
 * card through me_io_ops (docs/device.md defines them). */
#define ME_ISA_CSRS(X) \
	X(CTX,        0x00, "csr_ctx")	/* this context's number */	\
	X(ME,         0x01, "csr_me")	/* this ME's number */		\
	X(NUM_CTX,    0x02, "csr_num_ctx")				\
	X(NUM_ME,     0x03, "csr_num_me")				\
	X(CYCLES_LO,  0x04, "csr_cycles_lo")	/* ME cycle counter */	\
	X(CYCLES_HI,  0x05, "csr_cycles_hi")				\
	X(PKT_BUF,    0x06, "csr_pkt_buf")	/* ctx packet buffer */	\
	X(PKT_BUF_SZ, 0x07, "csr_pkt_buf_size")			\
	X(LM_SIZE,    0x08, "csr_lm_size")				\
	X(SIGNALS,    0x09, "csr_signals")	/* pending signals */	\
	X(INSNS_LO,   0x0a, "csr_insns_lo")	/* ctx instructions */

enum me_csr {
#define ME_CSR_ENUM(name, code, sym) ME_CSR_##name = code,
	ME_ISA_CSRS(ME_CSR_ENUM)
#undef ME_CSR_ENUM
	ME_CSR_LOCAL_COUNT
};
#define ME_CSR_CARD_BASE	0x100

/* Packet buffer layout (section 7.1): frames start after this headroom. */
#define ME_PKT_HEADROOM		256

/* Transfer-register layouts of the I/O commands (section 7). */
#define ME_RX_XR_ADDR		0	/* $xr[N+0]: frame address in pkt */
#define ME_RX_XR_LEN		1	/* $xr[N+1]: frame length */
#define ME_RX_XR_PORT		2	/* $xr[N+2]: ingress port / queue */
#define ME_RX_XR_BUF		3	/* $xr[N+3]: buffer start */
#define ME_RX_XR_BUF_END	4	/* $xr[N+4]: buffer end (exclusive) */
#define ME_RX_XR_COUNT		5
#define ME_TX_XW_ADDR		0	/* $xw[N+0]: first byte in pkt */
#define ME_TX_XW_LEN		1	/* $xw[N+1]: length */
#define ME_TX_XW_DEST		2	/* $xw[N+2]: destination, docs/device.md */
#define ME_TX_XW_COUNT		3
#define ME_DMA_XW_CARD		0	/* $xw[N+0]: card address in .space */
#define ME_DMA_XW_HOST_LO	1	/* $xw[N+1..2]: host address */
#define ME_DMA_XW_HOST_HI	2
#define ME_DMA_XW_LEN		3	/* $xw[N+3]: length in bytes */
#define ME_DMA_XW_COUNT		4
#define ME_DMA_LEN_MAX		65536

#endif /* ME_ISA_H */
