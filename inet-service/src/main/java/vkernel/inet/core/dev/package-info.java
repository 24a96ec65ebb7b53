/**
 * A namespace's network devices: net/core/dev.c's table ({@link vkernel.inet.core.dev.NetDeviceTable},
 * {@link vkernel.inet.core.dev.NetDevice}, {@link vkernel.inet.core.dev.InIfaddr}), rtnetlink's
 * link messages ({@link vkernel.inet.core.dev.RtmLink}, {@link vkernel.inet.core.dev.LinkChange},
 * {@link vkernel.inet.core.dev.IflaPolicy}, {@link vkernel.inet.core.dev.LinkAf}), the notifier
 * chain as IPv4 hears it ({@link vkernel.inet.core.dev.NetdevEvents}) and their records
 * ({@link vkernel.inet.core.dev.DevState}). They live beside the FIB, which their changes change.
 */
package vkernel.inet.core.dev;
