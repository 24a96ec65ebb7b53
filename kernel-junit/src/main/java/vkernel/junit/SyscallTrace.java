package vkernel.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.trace.CallTree;
import vkernel.trace.TreePrinter;
import vkernel.uapi.Errnos;

/**
 * One syscall as the layers reported it: its steps, each in the layer that took it, in
 * the order `vk trace` draws them (a step, then the steps it caused, in start order).
 * {@link #toString()} is that drawing, for assertion messages.
 */
public final class SyscallTrace {
    private final CallTree tree;
    private final List<KernelEvent> events = new ArrayList<>();

    SyscallTrace(CallTree tree) {
        this.tree = tree;
        collect(tree.root());
        events.addAll(tree.orphans());
    }

    private void collect(KernelEvent e) {
        events.add(e);
        for (KernelEvent c : tree.children(e)) {
            collect(c);
        }
    }

    /** The syscall's name, as its first step is named (socket, connect, close ...). */
    public String syscall() {
        return root().getFunction();
    }

    /** The calling task's pid. */
    public int pid() {
        return root().getPid();
    }

    /** What the call returned (-1 on an error). */
    public long result() {
        return root().getResult();
    }

    /** The errno's name (EAFNOSUPPORT ...), or "0" when the call succeeded. */
    public String errno() {
        Errno e = root().getErrno();
        return e == Errno.ERRNO_UNSPECIFIED ? "0" : Errnos.name(e);
    }

    /** The W3C trace id all its steps carry. */
    public String traceId() {
        return tree.traceId();
    }

    /** The steps' kernel function names, the syscall first, each step before those it caused. */
    public List<String> steps() {
        return events.stream().map(KernelEvent::getFunction).toList();
    }

    /** The steps as the layers published them (objects, fields, result, timing). */
    public List<KernelEvent> events() {
        return List.copyOf(events);
    }

    /** The first step of this name. */
    public KernelEvent step(String function) {
        return events.stream().filter(e -> e.getFunction().equals(function)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no step " + function + " in\n" + this));
    }

    /** The layer (vfs, socket, inet, netlink) that took the first step of this name. */
    public String layerOf(String function) {
        return step(function).getLayer();
    }

    /** Whether these steps were taken in this order (others may come between them). */
    public boolean tookSteps(String... inOrder) {
        int next = 0;
        for (String s : steps()) {
            if (next < inOrder.length && s.equals(inOrder[next])) {
                next++;
            }
        }
        return next == inOrder.length;
    }

    private KernelEvent root() {
        return events.get(0);
    }

    @Override
    public String toString() {
        return new TreePrinter(false).print(tree);
    }
}
