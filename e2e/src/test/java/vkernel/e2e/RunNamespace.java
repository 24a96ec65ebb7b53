package vkernel.e2e;

import vkernel.launcher.Kernel;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * A network namespace of the test kernel with lo up, held open by a task of its own, for
 * programs run there with `vk run --netns`.
 */
final class RunNamespace implements AutoCloseable {
    final Kernel kernel;
    private final VKernel client;
    private final Task holder;

    private RunNamespace(Kernel kernel, VKernel client, Task holder) {
        this.kernel = kernel;
        this.client = client;
        this.holder = holder;
    }

    static RunNamespace open(String holderComm) throws Exception {
        Kernel kernel = KernelFixture.kernel();
        VKernel client = VKernel.connect(kernel.address(), kernel.adminSecret());
        return new RunNamespace(kernel, client, client.spawn(SpawnOptions.named(holderComm).newNetnsWithLoopback()));
    }

    /** The namespace's number, as `vk run --netns` takes it. */
    String netns() {
        return Long.toString(holder.netns());
    }

    @Override
    public void close() {
        holder.close();
        client.close();
    }
}
