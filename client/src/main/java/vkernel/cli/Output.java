package vkernel.cli;

import picocli.CommandLine.Option;

/** -o/--output text|json: the option of vk ps, ls, inspect and ss. */
final class Output {
    /** The formats; text is what the commands always printed. */
    enum Format {
        text,
        json
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the default, as ps/ls/ss print) or json (the same fields)")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
