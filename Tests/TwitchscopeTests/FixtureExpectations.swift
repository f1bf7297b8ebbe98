import Foundation
import Testing
@testable import Twitchscope

/// What third-party libraries read back from the fixtures (Fixtures/expected.json).
struct ExpectedSignal: Decodable {
    var label: String
    var fs: Double
    var samples: Int
    var unit: String
    var first: [Double]
    var last: [Double]
    var sum: Double
    var min: Double
    var max: Double
}

struct ExpectedAnnotation: Decodable {
    var onset: Double
    var duration: Double
    var text: String
}

struct ExpectedFile: Decodable {
    var signals: [ExpectedSignal]
    var annotations: [ExpectedAnnotation]?
    var start: String?
}

enum Fixtures {
    /// Path of a bundled fixture, e.g. `path("pyedflib-emg-2000hz.edf")`.
    static func path(_ name: String) throws -> String {
        let ns = name as NSString
        let url = try #require(
            Bundle.module.url(forResource: ns.deletingPathExtension, withExtension: ns.pathExtension, subdirectory: "Fixtures"))
        return url.path
    }

    static func expected(_ name: String) throws -> ExpectedFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: try path("expected.json")))
        let all = try JSONDecoder().decode([String: ExpectedFile].self, from: data)
        return try #require(all[name])
    }

    /// A fresh temporary copy of a fixture (for corruption tests).
    static func temporaryCopy(_ name: String, as newName: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twitchscope-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dest = dir.appendingPathComponent(newName ?? name).path
        try FileManager.default.copyItem(atPath: try path(name), toPath: dest)
        return dest
    }

    /// Overwrites bytes of `path` at `offset`.
    static func patch(_ path: String, at offset: Int, _ text: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Compares delivered samples (µV) with a signal of expected.json, whose values are in
    /// its own unit (`unitFactor` µV per unit): every value within half a digital step
    /// (`step`, in the expected unit) plus rounding of the 6-decimal file and of Float32.
    static func check(_ values: [Float], against e: ExpectedSignal, step: Double, unitFactor: Double = 1,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let v = values.map { Double($0) / unitFactor }
        #expect(v.count == e.samples, "sample count of \(e.label)", sourceLocation: sourceLocation)
        guard v.count == e.samples, v.count >= 8 else { return }
        func tolerance(_ x: Double) -> Double { step / 2 + 1e-6 + abs(x) * 1.2e-7 }
        for (i, x) in e.first.enumerated() {
            #expect(abs(v[i] - x) <= tolerance(x), "\(e.label) first[\(i)]: \(v[i]) vs \(x)", sourceLocation: sourceLocation)
        }
        for (i, x) in e.last.enumerated() {
            let j = v.count - e.last.count + i
            #expect(abs(v[j] - x) <= tolerance(x), "\(e.label) last[\(i)]: \(v[j]) vs \(x)", sourceLocation: sourceLocation)
        }
        let mn = v.min() ?? .nan
        let mx = v.max() ?? .nan
        #expect(abs(mn - e.min) <= tolerance(e.min), "\(e.label) min \(mn) vs \(e.min)", sourceLocation: sourceLocation)
        #expect(abs(mx - e.max) <= tolerance(e.max), "\(e.label) max \(mx) vs \(e.max)", sourceLocation: sourceLocation)
        // Sum: the file's 3-decimal rounding plus at most one Float32 rounding per sample.
        let sum = v.reduce(0, +)
        let bound = 1e-3 + Double(v.count) * Swift.max(abs(e.min), abs(e.max)) * 6e-8
        #expect(abs(sum - e.sum) <= bound, "\(e.label) sum \(sum) vs \(e.sum) (bound \(bound))", sourceLocation: sourceLocation)
    }

    /// Compares annotations with expected.json's (duration -1 means none).
    static func check(_ annotations: [Annotation], against e: [ExpectedAnnotation],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(annotations.count == e.count, "annotation count", sourceLocation: sourceLocation)
        for (a, x) in zip(annotations, e) {
            #expect(abs(a.onset - x.onset) < 1e-6, "onset \(a.onset) vs \(x.onset)", sourceLocation: sourceLocation)
            #expect(a.text == x.text, sourceLocation: sourceLocation)
            if x.duration < 0 {
                #expect(a.duration == nil, "\(x.text) has no duration", sourceLocation: sourceLocation)
            } else {
                #expect(abs((a.duration ?? -1) - x.duration) < 1e-6, sourceLocation: sourceLocation)
            }
        }
    }
}
