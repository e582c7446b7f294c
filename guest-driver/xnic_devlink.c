// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic devlink (docs/driver.md "devlink"): `devlink dev info` (driver,
 * serial, card and firmware versions), `devlink dev reload` (the card
 * restarts and loads its firmware file again) and `devlink dev flash`
 * (the card restarts with the given image).  The card has no flash of
 * its own: a flashed image runs until the next restart, which loads the
 * firmware file again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/firmware.h>
#include <linux/rtnetlink.h>
#include <net/devlink.h>

#include "xnic.h"

/* The devlink instance's private area: the netdev owns the adapter. */
struct xnic_devlink {
	struct xnic_adapter *adapter;
};

static struct xnic_adapter *xnic_devlink_adapter(struct devlink *devlink)
{
	return ((struct xnic_devlink *)devlink_priv(devlink))->adapter;
}

static int xnic_devlink_info_get(struct devlink *devlink,
				 struct devlink_info_req *req,
				 struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = xnic_devlink_adapter(devlink);
	u32 hw = xnic_rd(adapter, XNIC_REG_VERSION);
	u32 abi = xnic_rd(adapter, XNIC_REG_FW_ABI);
	char buf[32];
	int err;

	err = xnic_devlink_info_driver_name_put(req, XNIC_DRV_NAME);
	if (err)
		return err;
	/* The card has no serial number register: its permanent MAC is unique */
	snprintf(buf, sizeof(buf), "%pm", adapter->netdev->perm_addr);
	err = devlink_info_serial_number_put(req, buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%04x:%04x", XNIC_PCI_VENDOR_ID,
		 XNIC_PCI_DEVICE_ID);
	err = devlink_info_version_fixed_put(req, DEVLINK_INFO_VERSION_GENERIC_ASIC_ID,
					     buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u.%u", hw >> 16, hw & 0xffff);
	err = devlink_info_version_fixed_put(req, DEVLINK_INFO_VERSION_GENERIC_ASIC_REV,
					     buf);
	if (err)
		return err;
	rtnl_lock();
	strscpy(buf, adapter->fw.version, sizeof(buf));
	rtnl_unlock();
	err = devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW,
					       buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u.%u", abi >> 16, abi & 0xffff);
	return devlink_info_version_running_put(req, "fw.abi", buf);
}

static int xnic_devlink_reload_down(struct devlink *devlink, bool netns_change,
				    enum devlink_reload_action action,
				    enum devlink_reload_limit limit,
				    struct netlink_ext_ack *extack)
{
	if (netns_change) {
		NL_SET_ERR_MSG_MOD(extack,
				   "xnic cannot move to another network namespace on reload");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Both actions restart the card with its firmware file and the datapath. */
static int xnic_devlink_reload_up(struct devlink *devlink,
				  enum devlink_reload_action action,
				  enum devlink_reload_limit limit,
				  u32 *actions_performed,
				  struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = xnic_devlink_adapter(devlink);
	int err;

	rtnl_lock();
	err = xnic_card_restart(adapter, NULL);
	rtnl_unlock();
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the card did not restart: the kernel log says why");
		return err;
	}
	*actions_performed = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) |
			     BIT(DEVLINK_RELOAD_ACTION_FW_ACTIVATE);
	return 0;
}

static int xnic_devlink_flash_update(struct devlink *devlink,
				     struct devlink_flash_update_params *params,
				     struct netlink_ext_ack *extack)
{
	struct xnic_adapter *adapter = xnic_devlink_adapter(devlink);
	int err;

	devlink_flash_update_status_notify(devlink, "Restarting the card with the image",
					   NULL, 0, 0);
	rtnl_lock();
	err = xnic_card_restart(adapter, params->fw);
	rtnl_unlock();
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the card refused the image and runs its firmware file again: the kernel log says why");
		return err;
	}
	devlink_flash_update_status_notify(devlink, "The card runs the image", NULL,
					   0, 0);
	return 0;
}

static const struct devlink_ops xnic_devlink_ops = {
	.reload_actions = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT) |
			  BIT(DEVLINK_RELOAD_ACTION_FW_ACTIVATE),
	.reload_down = xnic_devlink_reload_down,
	.reload_up = xnic_devlink_reload_up,
	.info_get = xnic_devlink_info_get,
	.flash_update = xnic_devlink_flash_update,
};

/**
 * xnic_devlink_alloc - the card's devlink instance, not yet visible
 * @adapter: the adapter, in probe
 *
 * Return: 0 or -ENOMEM.
 */
int xnic_devlink_alloc(struct xnic_adapter *adapter)
{
	struct devlink *devlink;

	devlink = devlink_alloc(&xnic_devlink_ops, sizeof(struct xnic_devlink),
				&adapter->pdev->dev);
	if (!devlink)
		return -ENOMEM;
	((struct xnic_devlink *)devlink_priv(devlink))->adapter = adapter;
	xnic_devlink_enable_reload(devlink);
	adapter->devlink = devlink;
	return 0;
}

/**
 * xnic_devlink_free - free an instance xnic_devlink_alloc() made
 * @adapter: the adapter
 */
void xnic_devlink_free(struct xnic_adapter *adapter)
{
	devlink_free(adapter->devlink);
}

/**
 * xnic_devlink_register - show the instance to user space
 * @adapter: the adapter, at the end of probe
 */
void xnic_devlink_register(struct xnic_adapter *adapter)
{
	devlink_register(adapter->devlink);
}

/**
 * xnic_devlink_unregister - hide the instance: no reload or flash runs
 *	after this returns
 * @adapter: the adapter, first thing in remove
 */
void xnic_devlink_unregister(struct xnic_adapter *adapter)
{
	devlink_unregister(adapter->devlink);
}
