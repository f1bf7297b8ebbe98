/// How a CSV file separates its cells, guessed from its first rows.
struct CSVDialect: Equatable {
    /// `,`, `;` or tab.
    var delimiter: UInt8
    /// With `;` or tab delimiters, `,` may be the decimal point (European spreadsheets).
    var decimalComma: Bool { delimiter != UInt8(ascii: ",") }

    /// Picks the delimiter that occurs the same, non-zero number of times in every sample
    /// line, preferring tab, then `;`, then `,` (a file using `;` may use `,` as the decimal
    /// point, so `,` only wins when it is the consistent one). When none is consistent,
    /// the one most frequent in the first line; a single-column file gets `,`.
    static func detect(_ lines: [[UInt8]]) -> CSVDialect {
        let candidates: [UInt8] = [0x09, UInt8(ascii: ";"), UInt8(ascii: ",")]
        let counts = candidates.map { d in lines.map { line in line.reduce(0) { $0 + ($1 == d ? 1 : 0) } } }
        for (k, d) in candidates.enumerated() {
            if let first = counts[k].first, first > 0, counts[k].allSatisfy({ $0 == first }) {
                return CSVDialect(delimiter: d)
            }
        }
        let firstLine = counts.map { $0.first ?? 0 }
        if let best = firstLine.indices.max(by: { firstLine[$0] < firstLine[$1] }), firstLine[best] > 0 {
            return CSVDialect(delimiter: candidates[best])
        }
        return CSVDialect(delimiter: UInt8(ascii: ","))
    }

    /// The cells of one line as trimmed strings (header and detection only, not the hot path).
    func cells(_ line: [UInt8]) -> [String] {
        line.split(separator: delimiter, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self).trimmingSpaces() }
    }

    /// True for lines to skip: blank, or whose first non-blank byte is `#` or `%`.
    static func isCommentOrBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in line where b != 0x20 && b != 0x09 && b != 0x0D {
            return b == UInt8(ascii: "#") || b == UInt8(ascii: "%")
        }
        return true
    }
}
