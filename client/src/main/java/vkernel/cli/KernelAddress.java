package vkernel.cli;

import picocli.CommandLine.Option;

/** --kernel HOST:PORT: the option of every command that talks to a running kernel. */
final class KernelAddress {
    @Option(names = "--kernel", paramLabel = "HOST:PORT",
            description = "the kernel's address (else $VKERNEL_ADDRESS, else the kernel `vk up` started)")
    String address;

    /** The address to use, or null after telling the user how to get a kernel. */
    String resolve(Vk vk, RunState state) {
        String a = state.address(address);
        if (a == null) {
            vk.err.println("vk: no kernel: start one with `./vk up --detach`, or pass --kernel HOST:PORT");
        }
        return a;
    }
}
