import Foundation

/// Picks which signals of a multi-rate file a reader delivers: every delivered channel
/// shares one rate, so signals at other rates are dropped with a warning that names them.
struct ChannelSelection {
    /// A signal the file offers: its position in the file, label and rate.
    struct Candidate {
        var index: Int
        var label: String
        var rate: Double
    }

    /// Positions (in `candidates` order or the requested order) of the delivered signals.
    var indices: [Int]
    /// Their common rate in Hz.
    var rate: Double
    /// Warnings about dropped signals.
    var warnings: [String]

    /// Keeps `requested` (labels, or 0-based signal indices) or, when nil, all candidates;
    /// then keeps the most common rate among them (ties: the highest rate).
    init(candidates: [Candidate], requested: [String]?, file: String) throws {
        guard !candidates.isEmpty else {
            throw InputError(file: file, "the file holds no data signals")
        }
        var chosen: [Candidate] = []
        if let requested {
            for item in requested {
                let key = item.trimmingCharacters(in: .whitespaces)
                if let c = candidates.first(where: { $0.label == key })
                    ?? candidates.first(where: { $0.label.lowercased() == key.lowercased() })
                    ?? Int(key).flatMap({ i in candidates.first(where: { $0.index == i }) })
                {
                    chosen.append(c)
                } else {
                    let names = candidates.map { "\($0.index) '\($0.label)'" }.joined(separator: ", ")
                    throw InputError(
                        file: file, "no channel '\(item)'; expected a label or 0-based index among \(names)")
                }
            }
        } else {
            chosen = candidates
        }
        var counts: [Double: Int] = [:]
        for c in chosen { counts[c.rate, default: 0] += 1 }
        let rate = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }?.key ?? 0
        let dropped = chosen.filter { $0.rate != rate }
        self.indices = chosen.filter { $0.rate == rate }.map(\.index)
        self.rate = rate
        self.warnings = []
        if !dropped.isEmpty {
            let list = dropped.map { "'\($0.label)' (\(Self.format($0.rate)) Hz)" }.joined(separator: ", ")
            warnings.append(
                "dropped \(dropped.count) signal(s) not at the delivered rate of \(Self.format(rate)) Hz: \(list); "
                    + "select them with --channels to read them instead (resampling is not done)")
        }
    }

    /// `2048` rather than `2048.0`, `0.5` as is.
    static func format(_ rate: Double) -> String {
        rate == rate.rounded() && abs(rate) < 1e15 ? String(Int(rate)) : String(rate)
    }
}
