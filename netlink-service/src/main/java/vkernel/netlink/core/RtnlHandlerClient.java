package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;

/**
 * The way to the doit and dumpit of a family service (RtnetlinkHandlerService), as
 * futures: the core never waits for them. A future fails with {@link HandlerGone} when
 * the service does not answer (it is treated as unloaded) and with {@link Interrupted}
 * when the caller's own call was cancelled.
 */
public interface RtnlHandlerClient {
    /** One multicast a doit asks for: the RTNLGRP_* group and a whole message. */
    record Notification(int group, byte[] nlmsg) {}

    /** A doit's answer: the error for the ack (with its extack text, or null), notifications, unicast replies. */
    record DoitResult(Errno errno, List<Notification> notifications, List<byte[]> replies, String extack) {
        public DoitResult(Errno errno, List<Notification> notifications, List<byte[]> replies) {
            this(errno, notifications, replies, null);
        }
    }

    /** A dumpit's answer: whole messages, NLMSG_DONE not included; extack: the failed dump's text, or null. */
    record DumpResult(Errno errno, List<byte[]> messages, boolean startFailed, int answerFlags, String extack) {
        public DumpResult(Errno errno, List<byte[]> messages) {
            this(errno, messages, false, 0, null);
        }

        public DumpResult(Errno errno, List<byte[]> messages, boolean startFailed) {
            this(errno, messages, startFailed, 0, null);
        }

        public DumpResult(Errno errno, List<byte[]> messages, boolean startFailed, int answerFlags) {
            this(errno, messages, startFailed, answerFlags, null);
        }
    }

    /** The handler's service did not answer; restarting when it could not be reached (it may be back soon). */
    final class HandlerGone extends RuntimeException {
        private final boolean restarting;

        public HandlerGone(String message, Throwable cause, boolean restarting) {
            super(message, cause, false, false);
            this.restarting = restarting;
        }

        public boolean restarting() {
            return restarting;
        }
    }

    final class Interrupted extends RuntimeException {
        public Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** strictChk: the sender set NETLINK_GET_STRICT_CHK. */
    CompletableFuture<DoitResult> doit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk, Trace trace);

    /** strictChk: cb->strict_check, the sender set NETLINK_GET_STRICT_CHK. */
    CompletableFuture<DumpResult> dumpit(String address, Cred cred, byte[] nlmsg, int portid, boolean strictChk,
            Trace trace);

    CompletableFuture<DumpResult> sockDiagDump(String address, Cred cred, byte[] nlmsg, int portid, Trace trace);
}
