package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import java.util.random.RandomGenerator;
import vkernel.errno.v1.Errno;

/**
 * netlink_insert and netlink_autobind (net/netlink/af_netlink.c). An autobound sock
 * takes its task's tgid as portid when that is free in its (namespace, protocol);
 * otherwise a negative one, first at random in [S32_MIN, -4097], then counting down.
 * netlink_insert writes the portid before hashing and leaves it there when the portid
 * is taken, so getsockname shows it after EADDRINUSE, as on Linux.
 */
final class NetlinkAutobind {
    private NetlinkAutobind() {}

    /** netlink_insert: EBUSY when already bound elsewhere, EADDRINUSE when taken. */
    static Errno insert(NlTable table, NetlinkSock sk, int portid, Trace parent) {
        Trace t = parent.child("netlink_insert").object("sock", sk.id).field("portid", portid);
        Errno err;
        if (sk.bound) {
            err = sk.portid == portid ? Errno.ERRNO_UNSPECIFIED : Errno.ERRNO_EBUSY;
        } else {
            sk.portid = portid;
            if (table.insert(sk)) {
                sk.bound = true;
                err = Errno.ERRNO_UNSPECIFIED;
            } else {
                err = Errno.ERRNO_EADDRINUSE;
            }
        }
        t.endErrno(err);
        return err;
    }

    /** netlink_autobind for a task whose tgid is pid. */
    static Errno autobind(NlTable table, NetlinkSock sk, int pid, RandomGenerator random, Trace parent) {
        Trace t = parent.child("netlink_autobind").object("sock", sk.id).field("pid", pid);
        int portid = pid;
        int rover = -4096;
        Errno err;
        while (true) {
            // A tgid of 0 would read as "unbound": treat it as taken.
            boolean ok = portid != 0 && table.lookup(sk.netns, sk.protocol, portid) == null;
            if (!ok) {
                if (rover == -4096) {
                    rover = Integer.MIN_VALUE + random.nextInt(-4096 - Integer.MIN_VALUE);
                } else if (rover >= -4096) {
                    rover = -4097; // counted down past S32_MIN and wrapped
                }
                portid = rover--;
                continue;
            }
            err = insert(table, sk, portid, t);
            if (err != Errno.ERRNO_EADDRINUSE) {
                break;
            }
        }
        if (err == Errno.ERRNO_EBUSY) {
            err = Errno.ERRNO_UNSPECIFIED; // bound meanwhile: fine
        }
        t.field("portid", sk.portid).endErrno(err);
        return err;
    }
}
