package vkernel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * One kernel under measurement: its address and admin credential, a connection to it,
 * what can be read from its layers, and (once part 2 or a fallback asked for it) the
 * stub family registered with it. Owns the kernel if the bench started it.
 */
final class Target implements AutoCloseable {
    final String name;
    final String address;
    final String secret;
    final VKernel vk;
    final LayerProbe probe;
    final Kernel owned;
    private StubFamily stub;
    private final List<Task> tasks = new ArrayList<>();

    Target(String name, String address, String secret, LayerProbe probe, Kernel owned) {
        this.name = name;
        this.address = address;
        this.secret = secret;
        this.probe = probe;
        this.owned = owned;
        this.vk = VKernel.connect(address, secret);
    }

    /** A uid-0 task with every capability in a namespace of its own. */
    Task spawnRoot(String comm) {
        Task t = vk.spawn(SpawnOptions.named(comm).newNetnsWithLoopback());
        tasks.add(t);
        return t;
    }

    /** A uid-0 task in the namespace of another. */
    Task spawnIn(String comm, Task sibling) {
        Task t = vk.spawn(SpawnOptions.named(comm).joinNetns(sibling.netns()));
        tasks.add(t);
        return t;
    }

    /** A uid-0 task in the initial namespace. */
    Task spawnInitNs(String comm) {
        Task t = vk.spawn(SpawnOptions.named(comm));
        tasks.add(t);
        return t;
    }

    /** exit(0) of the given tasks (and forgetting them). */
    void exit(List<Task> ts) {
        for (Task t : ts) {
            try {
                t.close();
            } catch (RuntimeException e) {
                // gone already
            }
            tasks.remove(t);
        }
    }

    /** The stub family (the floor), started and registered on first use. */
    synchronized StubFamily stub(int family) throws Exception {
        if (stub == null) {
            String socketAddress = vk.socketServiceAddress();
            stub = StubFamily.start(family, "127.0.0.1", socketAddress, secret);
        }
        return stub;
    }

    /** The secret file of a running kernel. */
    static String readSecret(Path f) throws java.io.IOException {
        return Files.readString(f).trim();
    }

    /** A result entry for an outcome that is not a measurement: not implemented yet, or failed. */
    static Map<String, Object> failure(Throwable e) {
        Map<String, Object> m = new LinkedHashMap<>();
        Errno errno = errnoOf(e);
        if (errno != null && notImplemented(errno)) {
            m.put("status", "not_implemented");
        } else {
            m.put("status", "failed");
        }
        if (errno != null) {
            m.put("errno", errno.name().replace("ERRNO_", ""));
        }
        m.put("error", describe(e));
        return m;
    }

    static boolean notImplemented(Errno e) {
        return e == Errno.ERRNO_ENOSYS || e == Errno.ERRNO_EAFNOSUPPORT || e == Errno.ERRNO_EPROTONOSUPPORT
                || e == Errno.ERRNO_ESOCKTNOSUPPORT || e == Errno.ERRNO_EOPNOTSUPP;
    }

    static Errno errnoOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrnoException ee) {
                return ee.errno();
            }
        }
        return null;
    }

    /** The message to report: the outermost one that says something, the kernel's answer first. */
    static String describe(Throwable e) {
        if (e instanceof java.util.concurrent.ExecutionException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof ErrnoException || e instanceof KernelTransportException) {
            return e.getMessage();
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        return e.getCause() != null ? describe(e.getCause()) : e.toString();
    }

    @Override
    public void close() throws InterruptedException {
        exit(new ArrayList<>(tasks));
        if (stub != null) {
            stub.close();
        }
        vk.close();
        if (owned != null) {
            owned.close();
        }
    }
}
