/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqos driver for the xnic SmartNIC (xnic.h).
 */
#include "qemu/osdep.h"
#include "../libqtest.h"
#include "qemu/bswap.h"
#include "qemu/module.h"
#include "hw/pci/pci_regs.h"
#include "libqos-malloc.h"
#include "qgraph.h"
#include "xnic.h"

QEMU_BUILD_BUG_ON(sizeof(QXnicDesc) != XNIC_DESC_SIZE);
QEMU_BUILD_BUG_ON(offsetof(QXnicDesc, len) != XNIC_DESC_LEN);
QEMU_BUILD_BUG_ON(offsetof(QXnicDesc, pkt_len) != XNIC_DESC_PKT_LEN);
QEMU_BUILD_BUG_ON(offsetof(QXnicDesc, flags) != XNIC_DESC_FLAGS);
QEMU_BUILD_BUG_ON(offsetof(QXnicDesc, status) != XNIC_DESC_STATUS);

#define XNIC_QOS_RING_BYTES (XNIC_QOS_RING_SIZE * XNIC_DESC_SIZE)
#define XNIC_QOS_ISR_POLLS  1000

static QXnicPCI *xnic_pci(QXnic *d)
{
    return container_of(d, QXnicPCI, xnic);
}

static QTestState *xnic_qts(QXnic *d)
{
    return xnic_pci(d)->pci_dev.bus->qts;
}

uint32_t xnic_reg_read(QXnic *d, uint32_t reg)
{
    QXnicPCI *p = xnic_pci(d);

    return qpci_io_readl(&p->pci_dev, p->regs, reg);
}

void xnic_reg_write(QXnic *d, uint32_t reg, uint32_t val)
{
    QXnicPCI *p = xnic_pci(d);

    qpci_io_writel(&p->pci_dev, p->regs, reg, val);
}

static void xnic_desc_write(QXnic *d, uint64_t ring, uint32_t idx,
                            uint64_t buf, uint16_t len)
{
    QXnicDesc desc = {
        .addr = cpu_to_le64(buf),
        .len = cpu_to_le16(len),
    };

    qtest_memwrite(xnic_qts(d), ring + idx * XNIC_DESC_SIZE, &desc,
                   sizeof(desc));
}

static void xnic_desc_read(QXnic *d, uint64_t ring, uint32_t idx,
                           QXnicDesc *desc)
{
    qtest_memread(xnic_qts(d), ring + idx * XNIC_DESC_SIZE, desc,
                  sizeof(*desc));
    desc->addr = le64_to_cpu(desc->addr);
    desc->len = le16_to_cpu(desc->len);
    desc->pkt_len = le16_to_cpu(desc->pkt_len);
    desc->flags = le16_to_cpu(desc->flags);
    desc->status = le16_to_cpu(desc->status);
}

/* The card sends on the tail write, so the descriptor is done on return. */
void xnic_tx_ring_push(QXnic *d, uint64_t buf, uint16_t len, QXnicDesc *done)
{
    uint32_t idx = d->tx_tail;

    xnic_desc_write(d, d->tx_ring, idx, buf, len);
    d->tx_tail = (idx + 1) % XNIC_QOS_RING_SIZE;
    xnic_reg_write(d, XNIC_QP_BASE(0) + XNIC_Q_TX_TAIL, d->tx_tail);
    xnic_desc_read(d, d->tx_ring, idx, done);
}

uint32_t xnic_rx_ring_push(QXnic *d, uint64_t buf, uint16_t size)
{
    uint32_t idx = d->rx_tail;

    xnic_desc_write(d, d->rx_ring, idx, buf, size);
    d->rx_tail = (idx + 1) % XNIC_QOS_RING_SIZE;
    xnic_reg_write(d, XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, d->rx_tail);
    return idx;
}

void xnic_rx_desc_read(QXnic *d, uint32_t idx, QXnicDesc *desc)
{
    xnic_desc_read(d, d->rx_ring, idx, desc);
}

/*
 * Polls a bounded number of times rather than for a time: QEMU's main
 * loop, the netdev's socket included, runs between two qtest commands,
 * so the count does not depend on how loaded the machine is.
 */
void xnic_wait_isr(QXnic *d, uint16_t vector)
{
    uint64_t addr = d->msi_addr[vector];
    unsigned int i;

    for (i = 0; i < XNIC_QOS_ISR_POLLS; i++) {
        if (qtest_readl(xnic_qts(d), addr) == XNIC_QOS_MSI_DATA(vector)) {
            qtest_writel(xnic_qts(d), addr, 0);
            return;
        }
        qtest_clock_step(xnic_qts(d), 10000);
    }

    g_error("xnic: no MSI-X message on vector %u", vector);
}

void xnic_irq_rearm(QXnic *d)
{
    xnic_reg_write(d, XNIC_QP_BASE(0) + XNIC_Q_IRQ_CAUSE, XNIC_QIRQ_ALL);
    xnic_reg_write(d, XNIC_QP_BASE(0) + XNIC_Q_IRQ_MASK, 0);
}

uint32_t xnic_fw_load(QXnic *d, uint64_t img, uint32_t len)
{
    xnic_reg_write(d, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO, img);
    xnic_reg_write(d, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI, img >> 32);
    xnic_reg_write(d, XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, len);
    xnic_reg_write(d, XNIC_REG_MBOX_LEN, XNIC_FW_LOAD_REQ_SIZE);
    xnic_reg_write(d, XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
    return xnic_reg_read(d, XNIC_REG_MBOX_STATUS);
}

static void xnic_ring_setup(QXnic *d, uint32_t base_reg, uint64_t ring)
{
    uint32_t qb = XNIC_QP_BASE(0) + base_reg - XNIC_Q_TX_BASE_LO;

    xnic_reg_write(d, qb + XNIC_Q_TX_BASE_LO, ring);
    xnic_reg_write(d, qb + XNIC_Q_TX_BASE_HI, ring >> 32);
    xnic_reg_write(d, qb + XNIC_Q_TX_SIZE, XNIC_QOS_RING_SIZE);
    xnic_reg_write(d, qb + XNIC_Q_TX_TAIL, 0);
    xnic_reg_write(d, qb + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
}

static void xnic_msix_setup(QXnicPCI *p)
{
    QPCIDevice *dev = &p->pci_dev;
    unsigned int v;

    qpci_msix_enable(dev);
    g_assert_cmpint(qpci_msix_table_size(dev), ==, XNIC_QOS_VECTORS);
    for (v = 0; v < XNIC_QOS_VECTORS; v++) {
        uint64_t off = dev->msix_table_off + v * PCI_MSIX_ENTRY_SIZE;
        uint64_t addr = p->xnic.msi_addr[v];

        qtest_writel(dev->bus->qts, addr, 0);
        qpci_io_writel(dev, dev->msix_table_bar,
                       off + PCI_MSIX_ENTRY_LOWER_ADDR, addr);
        qpci_io_writel(dev, dev->msix_table_bar,
                       off + PCI_MSIX_ENTRY_UPPER_ADDR, addr >> 32);
        qpci_io_writel(dev, dev->msix_table_bar,
                       off + PCI_MSIX_ENTRY_DATA, XNIC_QOS_MSI_DATA(v));
        qpci_io_writel(dev, dev->msix_table_bar,
                       off + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    }
}

void xnic_reset(QXnic *d)
{
    xnic_reg_write(d, XNIC_REG_CTRL, XNIC_CTRL_RESET);
    g_assert_cmphex(xnic_reg_read(d, XNIC_REG_ID), ==, XNIC_ID_MAGIC);
    g_assert_cmphex(xnic_reg_read(d, XNIC_REG_STATUS) & XNIC_STATUS_LINK_UP,
                    ==, XNIC_STATUS_LINK_UP);
    d->tx_tail = 0;
    d->rx_tail = 0;
    xnic_ring_setup(d, XNIC_Q_TX_BASE_LO, d->tx_ring);
    xnic_ring_setup(d, XNIC_Q_RX_BASE_LO, d->rx_ring);
    xnic_reg_write(d, XNIC_QP_BASE(0) + XNIC_Q_IRQ_MASK, 0);
    xnic_reg_write(d, XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
}

static void xnic_pci_start_hw(QOSGraphObject *obj)
{
    QXnicPCI *p = (QXnicPCI *)obj;

    qpci_device_enable(&p->pci_dev);
    xnic_msix_setup(p);
    xnic_reset(&p->xnic);
}

static void xnic_pci_destructor(QOSGraphObject *obj)
{
    QXnicPCI *p = (QXnicPCI *)obj;

    qpci_msix_disable(&p->pci_dev);
    qpci_iounmap(&p->pci_dev, p->regs);
}

static void *xnic_pci_get_driver(void *obj, const char *interface)
{
    QXnicPCI *p = obj;

    if (!g_strcmp0(interface, "xnic-if")) {
        return &p->xnic;
    }
    if (!g_strcmp0(interface, "pci-device")) {
        return &p->pci_dev;
    }

    fprintf(stderr, "%s not present in xnic\n", interface);
    g_assert_not_reached();
}

static void xnic_foreach_callback(QPCIDevice *dev, int devfn, void *data)
{
    memcpy(data, dev, sizeof(QPCIDevice));
    g_free(dev);
}

static void *xnic_pci_create(void *pci_bus, QGuestAllocator *alloc,
                             void *addr)
{
    QXnicPCI *p = g_new0(QXnicPCI, 1);
    QPCIAddress *address = addr;
    unsigned int v;

    qpci_device_foreach(pci_bus, address->vendor_id, address->device_id,
                        xnic_foreach_callback, &p->pci_dev);
    p->regs = qpci_iomap(&p->pci_dev, XNIC_BAR_REGS, NULL);

    /* Rings must be XNIC_RING_ALIGN-aligned; the allocator's pages are. */
    p->xnic.tx_ring = guest_alloc(alloc, XNIC_QOS_RING_BYTES);
    p->xnic.rx_ring = guest_alloc(alloc, XNIC_QOS_RING_BYTES);
    g_assert(p->xnic.tx_ring && p->xnic.rx_ring);
    g_assert_cmphex(p->xnic.tx_ring % XNIC_RING_ALIGN, ==, 0);
    g_assert_cmphex(p->xnic.rx_ring % XNIC_RING_ALIGN, ==, 0);
    for (v = 0; v < XNIC_QOS_VECTORS; v++) {
        p->xnic.msi_addr[v] = guest_alloc(alloc, 4);
    }

    p->obj.get_driver = xnic_pci_get_driver;
    p->obj.start_hw = xnic_pci_start_hw;
    p->obj.destructor = xnic_pci_destructor;
    return &p->obj;
}

static void xnic_register_nodes(void)
{
    QPCIAddress addr = {
        .vendor_id = XNIC_PCI_VENDOR_ID,
        .device_id = XNIC_PCI_DEVICE_ID,
    };
    /* Every test of this node gives QEMU a -netdev with id xnic0. */
    QOSGraphEdgeOptions opts = {
        .extra_device_opts = "netdev=xnic0,queues=1",
    };

    add_qpci_address(&opts, &addr);
    qos_node_create_driver("xnic", xnic_pci_create);
    qos_node_consumes("xnic", "pci-bus", &opts);
}

libqos_init(xnic_register_nodes);
