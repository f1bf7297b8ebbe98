/// Quoting of one CSV field (RFC 4180): a field holding the delimiter, a quote or a line
/// break is wrapped in quotes, with inner quotes doubled.
enum CSVField {
    /// `field` as written in a comma-separated file. `alsoQuoting` lists further characters
    /// that force quotes (the events CSV quotes its `;`-separated channel lists).
    static func quoted(_ field: String, alsoQuoting extra: Set<Unicode.Scalar> = []) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || extra.contains($0) })
        else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
