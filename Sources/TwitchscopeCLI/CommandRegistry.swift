import ArgumentParser

/// Every subcommand, in the order `--help` lists them. Add one line per new command.
enum CommandRegistry {
    static let all: [ParsableCommand.Type] = [
        StreamCommand.self,
        EmulateCommand.self,
    ]
}
