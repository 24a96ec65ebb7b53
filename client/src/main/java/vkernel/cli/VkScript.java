package vkernel.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vkernel.scenario.ScenarioCli;

/** vk script FILE.scn: a whole conformance scenario against the kernel, its result lines on stdout. */
@Command(name = "script", mixinStandardHelpOptions = true,
        description = {"Run a conformance scenario, print its result lines.",
            "Exit 0 when it ran (whatever its results), 1 when the kernel failed it, 2 when the file is malformed."})
final class VkScript implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Mixin
    KernelAddress kernel;

    @Parameters(paramLabel = "FILE.scn", description = "the scenario (shared/conformance/FORMAT.md)")
    Path file;

    @Override
    public Integer call() throws Exception {
        RunState state = RunState.load(vk.home);
        String address = kernel.resolve(vk, state);
        if (address == null) {
            return Vk.FAILED;
        }
        return ScenarioCli.script(address, state.adminSecret(), file, vk.out);
    }
}
