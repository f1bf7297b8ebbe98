import ArgumentParser
import Foundation

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

    /// Runs the command, mapping usage errors to exit code 2 (ArgumentParser uses 64) so
    /// that every "bad input or usage" case exits 2, as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
