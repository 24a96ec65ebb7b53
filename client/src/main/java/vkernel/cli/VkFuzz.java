package vkernel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import vkernel.fuzz.FuzzReport;
import vkernel.fuzz.Fuzzer;
import vkernel.sdk.VKernel;

/** vk fuzz: issue 11's fuzzer against a running kernel. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Make random and boundary system calls from many tasks at once (TCP, UDP, raw, ping,",
            "netlink with malformed messages, fd calls, poll, rlimits) and check that every answer is",
            "success or a Linux errno. Prints the calls made, the errno histogram, the findings and",
            "the duration. Needs the admin credential (tasks in namespaces of their own, some uid 0).",
            "Exit 0 without findings, 1 with findings or when the kernel could not be reached."})
final class VkFuzz implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Mixin
    KernelAddress kernel;

    @Option(names = "--seed", paramLabel = "N", description = "the seed of every task's Random (default: ${DEFAULT-VALUE})")
    long seed = 11;

    @Option(names = "--calls", paramLabel = "N", description = "system calls in all (default: ${DEFAULT-VALUE})")
    long calls = 100_000;

    @Option(names = "--tasks", paramLabel = "N", description = "tasks making them at once (default: ${DEFAULT-VALUE})")
    int tasks = 64;

    @Override
    public Integer call() throws Exception {
        if (calls < 0 || tasks < 1) {
            vk.err.println("vk fuzz: --calls must be >= 0 and --tasks >= 1");
            return Vk.USAGE;
        }
        RunState state = RunState.load(vk.home);
        String address = kernel.resolve(vk, state);
        if (address == null) {
            return Vk.FAILED;
        }
        String secret = state.adminSecret();
        if (secret == null) {
            vk.err.println("vk fuzz: no admin credential: set VKERNEL_SECRET_FILE, or use the kernel `vk up` started");
            return Vk.FAILED;
        }
        try (VKernel k = VKernel.connect(address, secret)) {
            vk.out.printf("vk fuzz: %,d calls from %d tasks, seed %d, against %s%n", calls, tasks, seed, address);
            FuzzReport r = Fuzzer.run(k, Fuzzer.Options.of(seed, calls, tasks));
            r.print(vk.out);
            return r.findingCount() == 0 ? 0 : Vk.FAILED;
        }
    }
}
