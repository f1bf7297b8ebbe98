import ArgumentParser

/// `twitchscope`: the root command. Each subcommand lives in its own file.
@main
struct TwitchscopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twitchscope",
        abstract: "Analyse thigh surface EMG: twitches, fatigue and the patterns they form.",
        discussion: """
            Twitchscope flags patterns that the medical literature associates with benign \
            causes or that warrant a medical evaluation. It does not diagnose.
            """,
        version: "0.1.0",
        subcommands: CommandRegistry.all
    )
}
