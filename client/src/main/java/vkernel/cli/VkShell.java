package vkernel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import vkernel.scenario.ScenarioCli;

/**
 * vk shell: scenario statements one line at a time. On a terminal, JLine's line editor
 * with history (.vk/shell_history) and tab completion; piped input is read plainly.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Read scenario statements from the terminal (or piped input), print each result.",
            "On a terminal: line editing, history in .vk/shell_history, Tab completes calls, constants and tasks."})
final class VkShell implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Mixin
    KernelAddress kernel;

    @Override
    public Integer call() throws Exception {
        RunState state = RunState.load(vk.home);
        String address = kernel.resolve(vk, state);
        if (address == null) {
            return Vk.FAILED;
        }
        return ScenarioCli.shell(address, state.adminSecret(), vk.in, vk.out,
                vk.terminal ? vk.home.resolve(".vk/shell_history") : null);
    }
}
