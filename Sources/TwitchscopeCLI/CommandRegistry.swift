import ArgumentParser

/// Every subcommand, in the order `--help` lists them. Add one line per new command.
enum CommandRegistry {
    static let all: [ParsableCommand.Type] = [
        AnalyzeCommand.self,
        ThresholdsCommand.self,
        ConvertCommand.self,
        SimulateCommand.self,
        EvaluateCommand.self,
        DetectionSuiteCommand.self,
        BenchmarkCommand.self,
        BatchCommand.self,
        MergeCommand.self,
        RenderReportCommand.self,
        StreamCommand.self,
        EmulateCommand.self,
        ClassificationSuiteCommand.self,
    ]
}
