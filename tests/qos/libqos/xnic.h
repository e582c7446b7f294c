/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqos driver for the xnic SmartNIC (docs/testing.md "qos-test").
 *
 * Like QEMU's e1000e driver: the node consumes a pci-bus, and start_hw
 * resets the card and programs queue pair 0's rings; the test pushes
 * descriptors and reads them back after the card wrote them.  MSI-X is
 * set up as libqos's virtio-pci driver does: each vector's message is a
 * write of XNIC_QOS_MSI_DATA(v) to a word of guest memory, which
 * xnic_wait_isr polls (a masked vector's PBA bit could not be cleared).  Register offsets, descriptor layout and mailbox ABI come from
 * the device's own header (include/xnic/regs.h in the xnic tree).
 */
#ifndef QGRAPH_XNIC_H
#define QGRAPH_XNIC_H

#include "qgraph.h"
#include "pci.h"
#include "hw/xnic/xnic/regs.h"

/* Queue pair 0's rings: the smallest the card takes */
#define XNIC_QOS_RING_SIZE  XNIC_RING_MIN_SIZE
/* One queue pair (the node's queues=1): the misc vector and queue 0's */
#define XNIC_QOS_VECTORS    XNIC_MSIX_VECTORS(1)
#define XNIC_QOS_MSI_DATA(v) (0x5a00 + (v))

typedef struct QXnic QXnic;
typedef struct QXnicPCI QXnicPCI;

/* A descriptor as the guest sees it, little endian (regs.h's layout) */
typedef struct QXnicDesc {
    uint64_t addr;              /* RX write-back: seq in bits 31:0 */
    uint16_t len;
    uint16_t pkt_len;
    uint16_t flags;
    uint16_t status;
} QXnicDesc;

struct QXnic {
    uint64_t tx_ring;
    uint64_t rx_ring;
    uint32_t tx_tail;
    uint32_t rx_tail;
    uint64_t msi_addr[XNIC_QOS_VECTORS];
};

struct QXnicPCI {
    QOSGraphObject obj;
    QPCIDevice pci_dev;
    QPCIBar regs;
    QXnic xnic;
};

uint32_t xnic_reg_read(QXnic *d, uint32_t reg);
void xnic_reg_write(QXnic *d, uint32_t reg, uint32_t val);
/* Queue the frame at guest address buf; the descriptor as written back. */
void xnic_tx_ring_push(QXnic *d, uint64_t buf, uint16_t len,
                       QXnicDesc *done);
/* Give the card an RX buffer; returns the descriptor's index. */
uint32_t xnic_rx_ring_push(QXnic *d, uint64_t buf, uint16_t size);
void xnic_rx_desc_read(QXnic *d, uint32_t idx, QXnicDesc *desc);
/* Waits for vector's MSI-X message and consumes it. */
void xnic_wait_isr(QXnic *d, uint16_t vector);
/* CTRL.RESET, then queue pair 0's rings and its interrupt as start_hw. */
void xnic_reset(QXnic *d);
/* Acknowledges queue 0's causes and unmasks them (they auto-mask). */
void xnic_irq_rearm(QXnic *d);
/* FW_LOAD of the image at guest address img; returns MBOX_STATUS. */
uint32_t xnic_fw_load(QXnic *d, uint64_t img, uint32_t len);

#endif
