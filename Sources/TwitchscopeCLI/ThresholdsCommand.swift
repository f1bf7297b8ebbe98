import ArgumentParser
import Twitchscope

/// `twitchscope thresholds`: the classifier's thresholds with units and sources.
struct ThresholdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thresholds",
        abstract: "List the classifier's thresholds, their defaults, units and literature sources.",
        discussion: "Override any of them with `analyze --config FILE` (JSON or YAML, name: value).")

    @Option(help: "A configuration file to show merged with the defaults.")
    var config: String?

    func run() throws {
        let values: ClassifierConfig
        do {
            values = try config.map(ClassifierConfig.load(path:)) ?? ClassifierConfig()
        } catch let e as InputError {
            Terminal.error(e.description)
            throw ExitCode(2)
        }
        for entry in ClassifierConfig.entries {
            print("\(entry.name) = \(values[keyPath: entry.keyPath]) \(entry.unit)")
            print("    \(entry.meaning)")
            print("    source: \(entry.source)")
        }
    }
}
