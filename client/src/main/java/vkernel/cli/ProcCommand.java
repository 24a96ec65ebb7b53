package vkernel.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What vk ps, ls, inspect and ss share: --kernel and --output, the admin credential, and
 * an {@link Inspect} on the kernel; "no task N" and the like end the command with status 1.
 */
abstract class ProcCommand implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Spec
    CommandSpec spec;

    @Mixin
    KernelAddress kernel;

    @Mixin
    Output output;

    /** Prints what the command shows; its exit status. */
    abstract int show(Inspect k, boolean json, PrintStream out);

    @Override
    public Integer call() throws Exception {
        String name = spec.qualifiedName();
        RunState state = RunState.load(vk.home);
        String address = state.address(kernel.address);
        String secret = state.adminSecret();
        if (address == null || secret == null) {
            vk.err.println(name + ": no kernel (or no admin credential): start one with `./vk up --detach`");
            return Vk.FAILED;
        }
        try (Inspect i = new Inspect(address, secret)) {
            return show(i, output.json(), vk.out);
        } catch (IllegalArgumentException e) {
            vk.err.println(name + ": " + e.getMessage());
            return Vk.FAILED;
        }
    }
}
