// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic PCI device: the QEMU shell around the card core (xnic_core.h).
 * This file owns only what is QEMU's business: QOM type and properties,
 * PCI config and BARs, MSI-X/INTx, the NIC backend, DMA through
 * pci_dma_read/write, VMState, logging and tracing (docs/device.md).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "hw/pci/pci.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "qemu/main-loop.h"
#include "trace.h"
#include "xnic_core.h"

#define TYPE_XNIC "xnic"
OBJECT_DECLARE_SIMPLE_TYPE(XnicState, XNIC)

struct XnicState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    NICState *nic;
    NICConf conf;
    uint32_t queues;
    struct xnic_card_config card;
    QEMUBH *card_bh;            /* continues a run that used its budget */
    bool card_state_loaded;     /* the "xnic/card" subsection came in */
    struct xnic_core core;
};

/* ---- Environment of the core ---- */

static bool xnic_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
    return pci_dma_read(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK;
}

static bool xnic_dma_write(void *opaque, uint64_t addr, const void *buf,
                           size_t len)
{
    return pci_dma_write(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK;
}

/* RX and TX timestamps (RX_CTRL.TSTAMP, TX F_TSTAMP): the host's CLOCK_MONOTONIC, running
 * while the VM is stopped, so that a host tool can compare them */
static uint64_t xnic_clock_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
}

static bool xnic_msix_enabled(void *opaque)
{
    return msix_enabled(PCI_DEVICE(opaque));
}

static void xnic_msix_notify(void *opaque, unsigned int vector)
{
    msix_notify(PCI_DEVICE(opaque), vector);
}

static void xnic_set_intx(void *opaque, bool level)
{
    pci_set_irq(PCI_DEVICE(opaque), level);
}

static void xnic_wire_tx(void *opaque, const uint8_t *frame, size_t len)
{
    XnicState *s = opaque;

    qemu_send_packet(qemu_get_queue(s->nic), frame, len);
}

/*
 * MAC loopback: the frame comes back through xnic_nc_receive at once; the
 * net layer drops it when the card cannot take it or is inside a delivery
 * already (a frame the firmware sends while taking one from the backend).
 */
static void xnic_wire_loopback(void *opaque, const uint8_t *frame, size_t len)
{
    XnicState *s = opaque;

    qemu_receive_packet(qemu_get_queue(s->nic), frame, len);
}

static void xnic_rx_ready(void *opaque)
{
    XnicState *s = opaque;

    qemu_flush_queued_packets(qemu_get_queue(s->nic));
}

static void xnic_guest_error(void *opaque, const char *msg)
{
    qemu_log_mask(LOG_GUEST_ERROR, "xnic: %s\n", msg);
}

static void xnic_card_kick(void *opaque)
{
    XnicState *s = opaque;

    qemu_bh_schedule(s->card_bh);
}

static void xnic_card_bh(void *opaque)
{
    XnicState *s = opaque;

    xnic_core_card_run(&s->core);
}

static void xnic_trace(void *opaque, enum xnic_core_trace ev, uint32_t a,
                       uint32_t b, uint32_t c)
{
    switch (ev) {
    case XNIC_TRACE_REG_READ:
        trace_xnic_reg_read(a, b);
        break;
    case XNIC_TRACE_REG_WRITE:
        trace_xnic_reg_write(a, b);
        break;
    case XNIC_TRACE_TX_RING:
        trace_xnic_tx_ring(a, b, c);
        break;
    case XNIC_TRACE_RX_RING:
        trace_xnic_rx_ring(a, b, c);
        break;
    case XNIC_TRACE_TX_FRAME:
        trace_xnic_tx_frame(a, b, c);
        break;
    case XNIC_TRACE_RX_FRAME:
        trace_xnic_rx_frame(a, b, c);
        break;
    case XNIC_TRACE_RX_DROP:
        trace_xnic_rx_drop(a, b, c);
        break;
    case XNIC_TRACE_MSIX:
        trace_xnic_msix(a, b);
        break;
    case XNIC_TRACE_INTX:
        trace_xnic_intx(a);
        break;
    case XNIC_TRACE_LINK:
        trace_xnic_link(a);
        break;
    case XNIC_TRACE_MBOX:
        trace_xnic_mbox(a, b, c);
        break;
    case XNIC_TRACE_CARD_RUN:
        trace_xnic_card_run(a, b, c);
        break;
    case XNIC_TRACE_FW:
        trace_xnic_fw(a, b, c);
        break;
    case XNIC_TRACE_PROG_LOAD:
        trace_xnic_prog_load(a, b, c);
        break;
    case XNIC_TRACE_PROG_UNLOAD:
        trace_xnic_prog_unload(a, c);
        break;
    case XNIC_TRACE_MAP_OP:
        trace_xnic_map_op(a, b, c);
        break;
    }
}

static const struct xnic_core_ops xnic_core_env = {
    .dma_read = xnic_dma_read,
    .dma_write = xnic_dma_write,
    .msix_enabled = xnic_msix_enabled,
    .msix_notify = xnic_msix_notify,
    .set_intx = xnic_set_intx,
    .wire_tx = xnic_wire_tx,
    .wire_loopback = xnic_wire_loopback,
    .rx_ready = xnic_rx_ready,
    .guest_error = xnic_guest_error,
    .card_kick = xnic_card_kick,
    .clock_ns = xnic_clock_ns,
    .trace = xnic_trace,
};

/* ---- BAR0 ---- */

static uint64_t xnic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    XnicState *s = opaque;

    return xnic_regfile_read(&s->core, addr, size);
}

static void xnic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    XnicState *s = opaque;

    xnic_regfile_write(&s->core, addr, val, size);
}

/* Every size reaches the core, which reports all but 32-bit as errors. */
static const MemoryRegionOps xnic_mmio_ops = {
    .read = xnic_mmio_read,
    .write = xnic_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- Network backend ---- */

static bool xnic_nc_can_receive(NetClientState *nc)
{
    XnicState *s = qemu_get_nic_opaque(nc);

    return xnic_core_can_receive(&s->core);
}

static ssize_t xnic_nc_receive(NetClientState *nc, const uint8_t *buf,
                               size_t size)
{
    XnicState *s = qemu_get_nic_opaque(nc);

    xnic_core_receive(&s->core, buf, size);
    return size;
}

static void xnic_nc_link_status_changed(NetClientState *nc)
{
    XnicState *s = qemu_get_nic_opaque(nc);

    xnic_core_set_link(&s->core, !nc->link_down);
}

static NetClientInfo xnic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = xnic_nc_can_receive,
    .receive = xnic_nc_receive,
    .link_status_changed = xnic_nc_link_status_changed,
};

/* ---- PCI ---- */

static void xnic_write_config(PCIDevice *pci_dev, uint32_t addr,
                              uint32_t val, int len)
{
    XnicState *s = XNIC(pci_dev);
    bool msix_was = msix_enabled(pci_dev);

    pci_default_write_config(pci_dev, addr, val, len);
    if (msix_enabled(pci_dev) != msix_was) {
        xnic_core_irq_resync(&s->core);
    }
}

static bool xnic_init_msix(XnicState *s, Error **errp)
{
    PCIDevice *pci_dev = PCI_DEVICE(s);
    unsigned int v;

    if (msix_init_exclusive_bar(pci_dev, XNIC_MSIX_VECTORS(s->queues),
                                XNIC_BAR_MSIX, errp)) {
        return false;
    }
    for (v = 0; v < XNIC_MSIX_VECTORS(s->queues); v++) {
        msix_vector_use(pci_dev, v);
    }
    return true;
}

static void xnic_realize(PCIDevice *pci_dev, Error **errp)
{
    XnicState *s = XNIC(pci_dev);
    NetClientState *nc;
    char err[200];

    if (s->queues < 1 || s->queues > XNIC_MAX_QUEUE_PAIRS) {
        error_setg(errp, "xnic: queues=%u is outside [1, %u]", s->queues,
                   XNIC_MAX_QUEUE_PAIRS);
        return;
    }
    pci_config_set_interrupt_pin(pci_dev->config, 1);
    pci_dev->config_write = xnic_write_config;
    memory_region_init_io(&s->mmio, OBJECT(s), &xnic_mmio_ops, s,
                          "xnic-mmio", XNIC_BAR0_SIZE);
    pci_register_bar(pci_dev, XNIC_BAR_REGS, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &s->mmio);
    if (!xnic_init_msix(s, errp)) {
        return;
    }
    qemu_macaddr_default_if_unset(&s->conf.macaddr);
    /* Debian's 7.2 has the re-entrancy guard backported (7.2.x stable). */
    s->nic = qemu_new_nic(&xnic_net_info, &s->conf,
                          object_get_typename(OBJECT(s)), DEVICE(s)->id,
                          &DEVICE(s)->mem_reentrancy_guard, s);
    nc = qemu_get_queue(s->nic);
    qemu_format_nic_info_str(nc, s->conf.macaddr.a);
    if (xnic_core_init(&s->core, &xnic_core_env, s, s->queues,
                       s->conf.macaddr.a, !nc->link_down, &s->card,
                       err, sizeof(err))) {
        error_setg(errp, "xnic: microengine card: %s", err);
        qemu_del_nic(s->nic);
        msix_unuse_all_vectors(pci_dev);
        msix_uninit_exclusive_bar(pci_dev);
        return;
    }
    s->card_bh = qemu_bh_new_guarded(xnic_card_bh, s,
                                     &DEVICE(s)->mem_reentrancy_guard);
}

static void xnic_exit(PCIDevice *pci_dev)
{
    XnicState *s = XNIC(pci_dev);

    qemu_bh_delete(s->card_bh);
    xnic_core_destroy(&s->core);
    qemu_del_nic(s->nic);
    msix_unuse_all_vectors(pci_dev);
    msix_uninit_exclusive_bar(pci_dev);
}

static void xnic_qdev_reset(DeviceState *dev)
{
    XnicState *s = XNIC(dev);

    xnic_core_reset(&s->core);
}

/*
 * ---- Migration (docs/device.md "Migration") ----
 * The main section holds the architected registers; each block with more
 * state has a subsection of its own, sent when it has something to say
 * (.needed), so that a stream stays readable by the version before it.
 * Every value is checked by the core's post_load as guest input.
 */

static const VMStateDescription xnic_vmstate_fifo_frame = {
    .name = "xnic/fifo-frame",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(len, struct xnic_card_frame),
        VMSTATE_UINT32(seq, struct xnic_card_frame),
        VMSTATE_UINT8_ARRAY(data, struct xnic_card_frame, XNIC_MAX_FRAME),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription xnic_vmstate_vrec_ctx = {
    .name = "xnic/vrec-ctx",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(in_len, struct xnic_vrec_ctx),
        VMSTATE_UINT16(queue, struct xnic_vrec_ctx),
        VMSTATE_END_OF_LIST()
    }
};

/* A card whose firmware never started holds nothing worth sending. */
static bool xnic_vmstate_card_needed(void *opaque)
{
    XnicState *s = opaque;

    return s->core.fw_started;
}

static int xnic_vmstate_card_pre_save(void *opaque)
{
    XnicState *s = opaque;
    const char *bad;
    char msg[200];

    bad = xnic_core_pre_save(&s->core, msg, sizeof(msg));
    if (bad) {
        error_report("xnic: card state cannot be saved: %s", bad);
        return -EINVAL;
    }
    return 0;
}

/* Checked with the rest in xnic_post_load, which runs after this. */
static int xnic_vmstate_card_post_load(void *opaque, int version_id)
{
    XnicState *s = opaque;

    s->card_state_loaded = true;
    return 0;
}

/* A profile was started, or its counters hold a stretch. */
static bool xnic_vmstate_profile_needed(void *opaque)
{
    XnicState *s = opaque;

    return s->core.prof_on || s->core.prof_nwords || s->core.prof_insns ||
           s->core.prof_cycles;
}

/* Checked before the words are read into their buffer. */
static bool xnic_vmstate_profile_fits(void *opaque, int version_id)
{
    XnicState *s = opaque;

    return s->core.prof_nwords <= 3 * s->core.card_cfg.istore_size;
}

/*
 * The PROFILE command's state (xnic_testrun.c): on or off, the counters
 * of the stretches, the MEs' per-instruction entries.  Inside "xnic/card",
 * whose pre_save fills the words; a stream without it loads as a profile
 * never started.
 */
static const VMStateDescription xnic_vmstate_profile = {
    .name = "xnic/profile",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = xnic_vmstate_profile_needed,
    .fields = (VMStateField[]) {
        VMSTATE_BOOL(core.prof_on, XnicState),
        VMSTATE_UINT64(core.prof_insns, XnicState),
        VMSTATE_UINT64(core.prof_cycles, XnicState),
        VMSTATE_UINT64(core.prof_base_insns, XnicState),
        VMSTATE_UINT64(core.prof_base_cycles, XnicState),
        VMSTATE_UINT32(core.prof_nwords, XnicState),
        VMSTATE_VALIDATE("profile within the istore",
                         xnic_vmstate_profile_fits),
        VMSTATE_VARRAY_UINT32(core.prof_words, XnicState, core.prof_nwords,
                              0, vmstate_info_uint64, uint64_t),
        VMSTATE_END_OF_LIST()
    }
};

/*
 * The ME card: its shape (properties must match), the firmware's state,
 * the RX FIFO, the verdict recorder, the memories and the MEs' own record
 * (contexts, command queues, local memory, instruction store; the
 * emulator's versioned format, docs/isa.md section 14).
 */
static const VMStateDescription xnic_vmstate_card = {
    .name = "xnic/card",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = xnic_vmstate_card_needed,
    .pre_save = xnic_vmstate_card_pre_save,
    .post_load = xnic_vmstate_card_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32_EQUAL(core.card_cfg.n_me, XnicState,
                             "me-count must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.max_contexts, XnicState,
                             "me-contexts must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.istore_size, XnicState,
                             "me-istore must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.lm_size, XnicState,
                             "me-lm must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.pkt_size, XnicState,
                             "me-pkt must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.imem_size, XnicState,
                             "me-imem must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.emem_size, XnicState,
                             "me-emem must match"),
        VMSTATE_UINT32_EQUAL(core.card_cfg.watchdog_cycles, XnicState,
                             "me-watchdog must match"),
        /* firmware and program (xnic_fw.c, xnic_prog.c) */
        VMSTATE_BOOL(core.fw_started, XnicState),
        VMSTATE_UINT32(core.fw_contexts, XnicState),
        VMSTATE_UINT32(core.fw_prog_max, XnicState),
        VMSTATE_UINT32(core.fw_slot_words, XnicState),
        VMSTATE_VARRAY_UINT32(core.fw_slot, XnicState,
                              core.card_cfg.istore_size, 0,
                              vmstate_info_uint64, uint64_t),
        VMSTATE_UINT32(core.prog_words, XnicState),
        /* RX FIFO and the frames the contexts hold (xnic_card.c) */
        VMSTATE_UINT32(core.fifo_head, XnicState),
        VMSTATE_UINT32(core.fifo_count, XnicState),
        VMSTATE_STRUCT_VARRAY_POINTER_KNOWN(core.fifo, XnicState,
                                            XNIC_CARD_FIFO_DEPTH, 0,
                                            xnic_vmstate_fifo_frame,
                                            struct xnic_card_frame),
        VMSTATE_VARRAY_UINT32(core.ctx_seq, XnicState, core.ctx_slots, 0,
                              vmstate_info_uint32, uint32_t),
        /* verdict recorder (xnic_vrec.c) */
        VMSTATE_UINT32(core.vrec_head, XnicState),
        VMSTATE_BUFFER_POINTER_UNSAFE(core.vrec, XnicState, 0,
                                      XNIC_VREC_DEPTH * XNIC_VERDICT_SIZE),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(core.vrec_ctx, XnicState,
                                             core.ctx_slots,
                                             xnic_vmstate_vrec_ctx,
                                             struct xnic_vrec_ctx),
        /* packet, internal and external memory; the MEs' record */
        VMSTATE_VBUFFER_UINT32(core.mem_pkt, XnicState, 0, NULL,
                               core.card_cfg.pkt_size),
        VMSTATE_VBUFFER_UINT32(core.mem_imem, XnicState, 0, NULL,
                               core.card_cfg.imem_size),
        VMSTATE_VBUFFER_UINT32(core.mem_emem, XnicState, 0, NULL,
                               core.card_cfg.emem_size),
        VMSTATE_VBUFFER_UINT32(core.me_state, XnicState, 0, NULL,
                               core.me_state_size),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &xnic_vmstate_profile,
        NULL
    }
};

static int xnic_pre_load(void *opaque)
{
    XnicState *s = opaque;

    s->card_state_loaded = false;
    /* "xnic/profile" may not come: then no profile was started */
    s->core.prof_on = false;
    s->core.prof_nwords = 0;
    s->core.prof_insns = s->core.prof_cycles = 0;
    return 0;
}

static int xnic_post_load(void *opaque, int version_id)
{
    XnicState *s = opaque;
    const char *bad;
    char msg[200];

    s->core.link_up = !qemu_get_queue(s->nic)->link_down;
    bad = xnic_core_post_load(&s->core, s->card_state_loaded, msg,
                              sizeof(msg));
    if (bad) {
        error_report("xnic: incoming card state refused: %s", bad);
        return -EINVAL;
    }
    return 0;
}

/*
 * Version 2: registers only, firmware blocked migration; such a stream
 * loads as a card without firmware.  Version 3 adds "xnic/card".
 */
static const VMStateDescription xnic_vmstate = {
    .name = "xnic",
    .version_id = 3,
    .minimum_version_id = 2,
    .pre_load = xnic_pre_load,
    .post_load = xnic_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, XnicState),
        VMSTATE_MSIX(parent_obj, XnicState),
        VMSTATE_UINT32_EQUAL(queues, XnicState, "queues must match"),
        VMSTATE_UINT32_ARRAY(core.regs, XnicState, XNIC_CORE_GLOBAL_REGS),
        VMSTATE_UINT32_2DARRAY(core.qregs, XnicState, XNIC_MAX_QUEUE_PAIRS,
                               XNIC_CORE_QP_REGS),
        VMSTATE_UINT8_ARRAY(core.mbox_data, XnicState, XNIC_MBOX_DATA_SIZE),
        VMSTATE_UINT8_ARRAY(core.rss_key, XnicState, XNIC_RSS_KEY_SIZE),
        VMSTATE_UINT8_ARRAY(core.rss_reta, XnicState, XNIC_RSS_RETA_SIZE),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &xnic_vmstate_card,
        NULL
    }
};

static Property xnic_properties[] = {
    DEFINE_NIC_PROPERTIES(XnicState, conf),
    DEFINE_PROP_UINT32("queues", XnicState, queues, 4),
    /* The ME card (docs/firmware.md "Card properties") */
    DEFINE_PROP_UINT32("me-count", XnicState, card.n_me, XNIC_CARD_N_ME),
    DEFINE_PROP_UINT32("me-contexts", XnicState, card.max_contexts,
                       XNIC_CARD_CONTEXTS),
    DEFINE_PROP_UINT32("me-istore", XnicState, card.istore_size,
                       XNIC_CARD_ISTORE),
    DEFINE_PROP_UINT32("me-lm", XnicState, card.lm_size, XNIC_CARD_LM),
    DEFINE_PROP_UINT32("me-pkt", XnicState, card.pkt_size, XNIC_CARD_PKT),
    DEFINE_PROP_UINT32("me-imem", XnicState, card.imem_size, XNIC_CARD_IMEM),
    DEFINE_PROP_UINT32("me-emem", XnicState, card.emem_size, XNIC_CARD_EMEM),
    DEFINE_PROP_UINT32("me-watchdog", XnicState, card.watchdog_cycles,
                       XNIC_CARD_WATCHDOG),
    DEFINE_PROP_END_OF_LIST(),
};

/*
 * Test-only fault injection (docs/device.md "Fault injection"): QOM
 * properties a test sets at run time with QMP qom-set; the guest has no
 * path to them.
 */

/* x-fault-msix-mask: the vectors whose MSI-X table entry is masked. */
static void xnic_get_msix_masked(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    PCIDevice *pci_dev = PCI_DEVICE(obj);
    uint32_t masked = 0;
    int vec;

    for (vec = 0; msix_present(pci_dev) && vec < pci_dev->msix_entries_nr;
         vec++) {
        if (pci_dev->msix_table[vec * PCI_MSIX_ENTRY_SIZE +
                                PCI_MSIX_ENTRY_VECTOR_CTRL] &
            PCI_MSIX_ENTRY_CTRL_MASKBIT) {
            masked |= 1u << vec;
        }
    }
    visit_type_uint32(v, name, &masked, errp);
}

/*
 * Sets the mask bit of each vector in the value, as a guest write to the
 * vector's control word would: the card's messages on it stay pending
 * (PBA) until something in the guest unmasks it, which the driver does
 * not know it has to do.
 */
static void xnic_set_msix_masked(Object *obj, Visitor *v, const char *name,
                                 void *opaque, Error **errp)
{
    PCIDevice *pci_dev = PCI_DEVICE(obj);
    uint32_t mask;
    int vec;

    if (!visit_type_uint32(v, name, &mask, errp)) {
        return;
    }
    if (!msix_present(pci_dev) ||
        mask >> pci_dev->msix_entries_nr) {
        error_setg(errp, "the card has no MSI-X vector in 0x%x", mask);
        return;
    }
    for (vec = 0; vec < pci_dev->msix_entries_nr; vec++) {
        if (mask & (1u << vec)) {
            msix_set_mask(pci_dev, vec, true);
        }
    }
}

static void xnic_instance_init(Object *obj)
{
    XnicState *s = XNIC(obj);

    object_property_add_uint32_ptr(obj, "x-fault-mbox-hang",
                                   &s->core.fault_mbox_hang,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "x-fault-dma-desc",
                                   &s->core.fault_dma_desc,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "x-fault-switch-watchdog",
                                   &s->core.fault_switch_watchdog,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add(obj, "x-fault-msix-mask", "uint32",
                        xnic_get_msix_masked, xnic_set_msix_masked,
                        NULL, NULL);
}

static void xnic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = xnic_realize;
    k->exit = xnic_exit;
    k->vendor_id = XNIC_PCI_VENDOR_ID;
    k->device_id = XNIC_PCI_DEVICE_ID;
    k->revision = XNIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = "xnic SmartNIC (XDP offload)";
    dc->reset = xnic_qdev_reset;
    dc->vmsd = &xnic_vmstate;
    device_class_set_props(dc, xnic_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo xnic_info = {
    .name = TYPE_XNIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(XnicState),
    .instance_init = xnic_instance_init,
    .class_init = xnic_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void xnic_register_types(void)
{
    type_register_static(&xnic_info);
}

type_init(xnic_register_types)
