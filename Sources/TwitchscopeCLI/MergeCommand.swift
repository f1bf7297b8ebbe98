import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope merge`: joins the outputs of `batch --shard K/N` into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the output folders of 'batch --shard K/N' into one database, CSV set and reports folder.",
        discussion: """
            Every shard 0..N-1 must be given exactly once, all cut from the same input list \
            and complete. Exit status: 0 when every recording was analysed, 1 when some \
            failed, 2 when the shards do not fit together (missing, duplicate, incomplete, \
            different N or input list).
            """)

    @Argument(help: "Shard output folders.")
    var shards: [String]

    @Option(help: "Output folder for the merged results.")
    var out: String

    func run() throws {
        do {
            let merged = try ShardMerger.merge(shards, into: out)
            let counts = try merged.counts()
            let text = "Merged \(shards.count) shards into \(out).\n" + BatchSummary.renderResults(
                levels: counts.levels, ok: counts.ok, failed: counts.failed, failures: try merged.failures())
            FileHandle.standardError.write(Data(text.utf8))
            if counts.failed > 0 { throw ExitCode(1) }
        } catch let error as InputError {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
    }
}
