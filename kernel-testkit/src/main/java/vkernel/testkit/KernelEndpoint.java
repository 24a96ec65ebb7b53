package vkernel.testkit;

import java.io.IOException;
import java.util.Objects;
import vkernel.launcher.Kernel;

/**
 * A running kernel as a test reaches it: the one address a client is given (vfs-service's)
 * and the admin credential Spawn asks for. Whatever starts the kernel (e2e's processes,
 * compose-tests' containers) makes one; the rest of the kit takes it.
 */
public record KernelEndpoint(String address, String adminSecret) {
    public KernelEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(adminSecret, "adminSecret");
    }

    /** The endpoint of a kernel started by the launcher (vk up, e2e). */
    public static KernelEndpoint of(Kernel kernel) throws IOException {
        return new KernelEndpoint(kernel.address(), kernel.adminSecret());
    }

    /** Never prints the credential: endpoints end up in test reports. */
    @Override
    public String toString() {
        return "KernelEndpoint[address=" + address + ", adminSecret=***]";
    }
}
