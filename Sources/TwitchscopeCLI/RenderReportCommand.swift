import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope render-report` (hidden): renders the HTML report from a saved JSON report
/// (and optional display data), or the built-in example. Used by the render check in CI
/// and to re-render reports without re-analysing.
struct RenderReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-report",
        abstract: "Render the HTML report from a JSON report (output of analyze --format json).",
        shouldDisplay: false)

    @Option(help: "The analysis report (schema twitchscope.analysis/1).")
    var json: String?

    @Option(help: "Display data for the signal plots (JSON of DisplayData, snake_case keys).")
    var display: String?

    @Flag(help: "Render the built-in example report instead of --json.")
    var example = false

    @Flag(name: .customLong("study-example"), help: "Render the built-in example study report instead.")
    var studyExample = false

    @Option(help: "Where to write the HTML.")
    var out: String

    func run() throws {
        do {
            let html: String
            if studyExample {
                html = StudyReport.render(rows: StudyReport.example())
            } else if example {
                let e = HTMLReport.example()
                html = HTMLReport.render(report: e.report, display: e.display)
            } else if let json {
                let report = try decode(AnalysisReport.self, from: json)
                let data = try display.map { try decode(DisplayData.self, from: $0) }
                html = HTMLReport.render(report: report, display: data)
            } else {
                throw InputError(file: "", "render-report needs --json REPORT.json, --example or --study-example")
            }
            do {
                try html.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw InputError(file: out, "cannot write the report: \(error.localizedDescription)")
            }
        } catch let e as InputError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the file")
        }
        do {
            return try AnalysisReport.decoder.decode(type, from: data)
        } catch let DecodingError.dataCorrupted(c) {
            throw InputError(file: path, position: Self.path(c.codingPath), "not valid JSON: \(c.debugDescription)")
        } catch let DecodingError.keyNotFound(key, c) {
            throw InputError(file: path, position: Self.path(c.codingPath), "missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, c) {
            throw InputError(file: path, position: Self.path(c.codingPath), "wrong type: \(c.debugDescription)")
        } catch let DecodingError.valueNotFound(_, c) {
            throw InputError(file: path, position: Self.path(c.codingPath), "missing value: \(c.debugDescription)")
        }
    }

    private static func path(_ keys: [CodingKey]) -> String? {
        keys.isEmpty ? nil : "field '" + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
    }
}
