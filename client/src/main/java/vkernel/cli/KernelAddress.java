package vkernel.cli;

import picocli.CommandLine.Option;

/** --kernel HOST:PORT: the option of every command that talks to a running kernel. */
final class KernelAddress {
    @Option(names = "--kernel", paramLabel = "HOST:PORT",
            description = "the kernel's address (else $VKERNEL_ADDRESS, else the kernel `vk up` started)")
    String address;
}
