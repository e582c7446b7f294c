/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qos-test for the xnic SmartNIC (docs/testing.md "qos-test"), through the
 * libqos driver in libqos/xnic.c, the way QEMU tests its NICs: the netdev
 * is one end of a socketpair (length-prefixed frames, -netdev socket), so
 * the test sees every frame the card sends and can hand it frames.
 *
 * tx:    a ring's worth of frames and two more (the ring wraps), each one
 *        written back done, announced by queue 0's MSI-X message and
 *        found on the socket byte for byte;
 * rx:    firmware loaded (XNIC_FW_IMG names the image the xnic build
 *        made), a frame from the socket lands in an RX buffer, announced
 *        by queue 0's MSI-X message;
 * reset: CTRL.RESET after traffic leaves every register as the reset
 *        before it did, and the card then behaves as it did the first time.
 */
#include "qemu/osdep.h"
#include "libqtest-single.h"
#include "qemu/sockets.h"
#include "qemu/iov.h"
#include "qemu/module.h"
#include "libqos/libqos-malloc.h"
#include "libqos/xnic.h"

#define XNIC_TEST_FRAME_LEN 60
#define XNIC_TEST_RX_BUF    2048
#define XNIC_TEST_QUEUE_VEC XNIC_MSIX_QUEUE_VECTOR(0)

/* A broadcast frame whose payload says which one it is */
static void xnic_test_frame(uint8_t *f, uint32_t n)
{
    static const uint8_t src[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

    memset(f, 0xff, 6);
    memcpy(f + 6, src, sizeof(src));
    f[12] = 0x88;               /* local experimental EtherType */
    f[13] = 0xb5;
    for (uint32_t i = XNIC_ETH_HLEN; i < XNIC_TEST_FRAME_LEN; i++) {
        f[i] = n + i;
    }
}

static void xnic_test_recv(int fd, void *buf, size_t len)
{
    g_assert_cmpint(recv(fd, buf, len, MSG_WAITALL), ==, len);
}

/* One frame from the card's end of the socket */
static void xnic_test_wire_out(int fd, uint8_t *f, uint32_t *len)
{
    uint32_t be_len;

    xnic_test_recv(fd, &be_len, sizeof(be_len));
    *len = ntohl(be_len);
    g_assert_cmpuint(*len, <=, XNIC_MAX_FRAME);
    xnic_test_recv(fd, f, *len);
}

static void xnic_test_wire_in(int fd, uint8_t *f, uint32_t len)
{
    uint32_t be_len = htonl(len);
    struct iovec iov[] = {
        { .iov_base = &be_len, .iov_len = sizeof(be_len) },
        { .iov_base = f, .iov_len = len },
    };

    g_assert_cmpint(iov_send(fd, iov, 2, 0, sizeof(be_len) + len), ==,
                    sizeof(be_len) + len);
}

/* Queue 0's MSI-X message for cause, which is then acknowledged. */
static void xnic_test_queue_irq(QXnic *d, uint32_t cause)
{
    xnic_wait_isr(d, XNIC_TEST_QUEUE_VEC);
    g_assert_cmphex(xnic_reg_read(d, XNIC_QP_BASE(0) + XNIC_Q_IRQ_CAUSE) &
                    cause, ==, cause);
    xnic_irq_rearm(d);
}

static void xnic_test_send(QXnic *d, int fd, QGuestAllocator *alloc,
                           uint32_t n)
{
    uint8_t frame[XNIC_TEST_FRAME_LEN], got[XNIC_MAX_FRAME];
    uint64_t buf = guest_alloc(alloc, sizeof(frame));
    QXnicDesc done;
    uint32_t len;

    xnic_test_frame(frame, n);
    memwrite(buf, frame, sizeof(frame));
    xnic_tx_ring_push(d, buf, sizeof(frame), &done);
    g_assert_cmphex(done.status, ==, XNIC_DESC_S_DONE);

    xnic_test_queue_irq(d, XNIC_QIRQ_TX);

    xnic_test_wire_out(fd, got, &len);
    g_assert_cmpuint(len, ==, sizeof(frame));
    g_assert(memcmp(got, frame, sizeof(frame)) == 0);
    guest_free(alloc, buf);
}

static void test_xnic_tx(void *obj, void *data, QGuestAllocator *alloc)
{
    QXnic *d = &((QXnicPCI *)obj)->xnic;
    int *sockets = data;
    uint32_t n;

    for (n = 0; n < XNIC_QOS_RING_SIZE + 2; n++) {
        xnic_test_send(d, sockets[0], alloc, n);
    }
    g_assert_cmpuint(xnic_reg_read(d, XNIC_QP_BASE(0) + XNIC_Q_TX_FRAMES), ==,
                     XNIC_QOS_RING_SIZE + 2);
    g_assert_cmpuint(xnic_reg_read(d, XNIC_QP_BASE(0) + XNIC_Q_TX_HEAD), ==,
                     2);
}

static void xnic_test_fw_load(QXnic *d, QGuestAllocator *alloc)
{
    const char *path = g_getenv("XNIC_FW_IMG");
    g_autoptr(GError) err = NULL;
    g_autofree gchar *img = NULL;
    uint64_t addr;
    gsize len;

    if (!path || !*path) {
        g_error("XNIC_FW_IMG must name the card firmware (build/firmware/xnic-fw.img)");
    }
    if (!g_file_get_contents(path, &img, &len, &err)) {
        g_error("%s", err->message);
    }
    addr = guest_alloc(alloc, len);
    memwrite(addr, img, len);
    g_assert_cmpuint(xnic_fw_load(d, addr, len), ==, XNIC_MBOX_DONE);
    g_assert_cmpuint(xnic_reg_read(d, XNIC_REG_FW_STATUS), ==,
                     XNIC_FW_RUNNING);
    guest_free(alloc, addr);
}

/* A frame in from the socket; returns its descriptor as written back. */
static void xnic_test_receive(QXnic *d, int fd, QGuestAllocator *alloc,
                              uint32_t n, QXnicDesc *done)
{
    uint8_t frame[XNIC_TEST_FRAME_LEN], got[XNIC_TEST_FRAME_LEN];
    uint64_t buf = guest_alloc(alloc, XNIC_TEST_RX_BUF);
    uint32_t idx = xnic_rx_ring_push(d, buf, XNIC_TEST_RX_BUF);

    xnic_test_frame(frame, n);
    xnic_test_wire_in(fd, frame, sizeof(frame));

    xnic_test_queue_irq(d, XNIC_QIRQ_RX);

    xnic_rx_desc_read(d, idx, done);
    g_assert_cmphex(done->status, ==, XNIC_DESC_S_DONE);
    g_assert_cmpuint(done->pkt_len, ==, sizeof(frame));
    memread(buf, got, sizeof(got));
    g_assert(memcmp(got, frame, sizeof(frame)) == 0);
    guest_free(alloc, buf);
}

static void test_xnic_rx(void *obj, void *data, QGuestAllocator *alloc)
{
    QXnic *d = &((QXnicPCI *)obj)->xnic;
    int *sockets = data;
    QXnicDesc done;

    xnic_test_fw_load(d, alloc);
    xnic_test_receive(d, sockets[0], alloc, 0, &done);
    g_assert_cmpuint(xnic_reg_read(d, XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES), ==,
                     1);
}

/* Every register the card defines, global and per queue pair */
#define XNIC_TEST_GLOBAL_OFF(n, off, acc, rst, wr) (off),
#define XNIC_TEST_QUEUE_OFF(n, off, acc, rst, wr) (off),
static const uint32_t xnic_test_global_regs[] = {
    XNIC_REGS_GLOBAL(XNIC_TEST_GLOBAL_OFF)
};
static const uint32_t xnic_test_queue_regs[] = {
    XNIC_REGS_QUEUE(XNIC_TEST_QUEUE_OFF)
};
#undef XNIC_TEST_GLOBAL_OFF
#undef XNIC_TEST_QUEUE_OFF

/* The registers, the RSS windows and the start of the mailbox's */
static GArray *xnic_test_dump(QXnic *d)
{
    GArray *regs = g_array_new(false, false, sizeof(uint32_t));
    uint32_t q, i, v;

    for (i = 0; i < ARRAY_SIZE(xnic_test_global_regs); i++) {
        v = xnic_reg_read(d, xnic_test_global_regs[i]);
        g_array_append_val(regs, v);
    }
    for (q = 0; q < XNIC_MAX_QUEUE_PAIRS; q++) {
        for (i = 0; i < ARRAY_SIZE(xnic_test_queue_regs); i++) {
            v = xnic_reg_read(d, XNIC_QP_BASE(q) + xnic_test_queue_regs[i]);
            g_array_append_val(regs, v);
        }
    }
    for (i = 0; i < XNIC_RSS_KEY_SIZE; i += 4) {
        v = xnic_reg_read(d, XNIC_REG_RSS_KEY + i);
        g_array_append_val(regs, v);
    }
    for (i = 0; i < XNIC_RSS_RETA_SIZE; i += 4) {
        v = xnic_reg_read(d, XNIC_REG_RSS_RETA + i);
        g_array_append_val(regs, v);
    }
    for (i = 0; i < XNIC_MAP_REQ_SIZE; i += 4) {
        v = xnic_reg_read(d, XNIC_REG_MBOX_DATA + i);
        g_array_append_val(regs, v);
    }
    return regs;
}

static void xnic_test_same_regs(GArray *a, GArray *b)
{
    g_assert_cmpuint(a->len, ==, b->len);
    for (guint i = 0; i < a->len; i++) {
        if (g_array_index(a, uint32_t, i) != g_array_index(b, uint32_t, i)) {
            g_error("register %u of the dump: 0x%x after the first reset, "
                    "0x%x after the second", i, g_array_index(a, uint32_t, i),
                    g_array_index(b, uint32_t, i));
        }
    }
}

/* Dirties what the guest can reach: mailbox, RSS, verdict recorder. */
static void xnic_test_scribble(QXnic *d)
{
    xnic_reg_write(d, XNIC_REG_RSS_KEY, 0x01020304);
    xnic_reg_write(d, XNIC_REG_RSS_RETA, 0x01010101);
    xnic_reg_write(d, XNIC_REG_RSS_CTRL, XNIC_RSS_CTRL_ENABLE);
    xnic_reg_write(d, XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
    xnic_reg_write(d, XNIC_REG_MISC_MASK, 0);
    xnic_reg_write(d, XNIC_REG_MTU, 9000);
    xnic_reg_write(d, XNIC_REG_MBOX_DATA, 0xdeadbeef);
}

static void test_xnic_reset(void *obj, void *data, QGuestAllocator *alloc)
{
    QXnic *d = &((QXnicPCI *)obj)->xnic;
    int *sockets = data;
    g_autoptr(GArray) before = NULL;
    g_autoptr(GArray) after = NULL;
    QXnicDesc first, again;

    xnic_reg_write(d, XNIC_REG_CTRL, XNIC_CTRL_RESET);
    before = xnic_test_dump(d);
    xnic_reset(d);
    xnic_test_fw_load(d, alloc);
    xnic_test_receive(d, sockets[0], alloc, 1, &first);
    xnic_test_send(d, sockets[0], alloc, 2);
    xnic_test_scribble(d);

    xnic_reg_write(d, XNIC_REG_CTRL, XNIC_CTRL_RESET);
    after = xnic_test_dump(d);
    xnic_test_same_regs(before, after);

    /* The same frame gets the same write-back, sequence number included. */
    xnic_reset(d);
    xnic_test_fw_load(d, alloc);
    xnic_test_receive(d, sockets[0], alloc, 1, &again);
    g_assert_cmphex(again.addr & UINT32_MAX, ==, first.addr & UINT32_MAX);
    g_assert_cmpuint(again.pkt_len, ==, first.pkt_len);
}

static void xnic_test_sockets_clear(void *sockets)
{
    int *fds = sockets;

    close(fds[0]);
    qos_invalidate_command_line();
    close(fds[1]);
    g_free(fds);
}

static void *xnic_test_sockets(GString *cmd_line, void *arg)
{
    int *fds = g_new(int, 2);

    g_assert_cmpint(socketpair(PF_UNIX, SOCK_STREAM, 0, fds), !=, -1);
    g_string_append_printf(cmd_line, " -netdev socket,fd=%d,id=xnic0 ",
                           fds[1]);
    g_test_queue_destroy(xnic_test_sockets_clear, fds);
    return fds;
}

static void register_xnic_test(void)
{
    QOSGraphTestOptions opts = {
        .before = xnic_test_sockets,
    };

    qos_add_test("tx", "xnic", test_xnic_tx, &opts);
    qos_add_test("rx", "xnic", test_xnic_rx, &opts);
    qos_add_test("reset", "xnic", test_xnic_reset, &opts);
}

libqos_init(register_xnic_test);
