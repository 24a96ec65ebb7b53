package vkernel.inet.core;

import vkernel.kernel.state.StateChanges;

/**
 * The stack's side of its state topic: where the namespaces' journals write
 * ({@link StateChanges}), the sock id counter, the handle table that tells a sock
 * socket-service holds from an orphan, and whom to tell when a timer changed the tables
 * with no call to answer (the binding commits then, so that change is durable too).
 */
final class InetJournal {
    private static final InetJournal DISCARD = new InetJournal(StateChanges.DISCARD, new SockTable());

    final StateChanges changes;
    final boolean recording;
    final SockIds ids;
    final SockTable socks;
    private volatile Runnable changedOutsideACall = () -> {};

    InetJournal(StateChanges changes, SockTable socks) {
        this.changes = changes;
        this.recording = changes.recording();
        this.ids = new SockIds(changes);
        this.socks = socks;
    }

    /** For a Net made outside a stack (tests of one protocol): records nothing. */
    static InetJournal discard() {
        return DISCARD;
    }

    void onChangeOutsideACall(Runnable r) {
        changedOutsideACall = r;
    }

    void changedOutsideACall() {
        if (recording) {
            changedOutsideACall.run();
        }
    }
}
