import Foundation

/// Streams the lines of a text file in large chunks and parses numeric fields in place,
/// without a String per line or per value (OpenBCI and BrainFlow tables).
final class DelimitedLines {
    private let file: PositionalFile
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var fileOffset: Int
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(file: PositionalFile, chunkBytes: Int = 1 << 20) {
        self.file = file
        fileOffset = 0
        // One spare byte after the data keeps strtod from running past the buffer.
        buffer = .allocate(byteCount: chunkBytes + 1, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The next line without its `\n` / `\r\n`, valid until the next call; nil at the end.
    func next() throws -> UnsafeRawBufferPointer? {
        while true {
            if let newline = firstNewline() {
                var lineEnd = newline
                if lineEnd > start && buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
                start = newline + 1
                lineNumber += 1
                return line
            }
            if try !refill() {
                guard start < end else { return nil }
                // Last line without a newline: terminate it in the spare byte.
                buffer[end] = UInt8(ascii: "\n")
                end += 1
            }
        }
    }

    private func firstNewline() -> Int? {
        guard start < end, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// Moves the unread tail to the front and reads more; false at the end of the file.
    private func refill() throws -> Bool {
        let tail = end - start
        if tail > 0, start > 0, let base = buffer.baseAddress { memmove(base, base + start, tail) }
        start = 0
        end = tail
        if end == buffer.count - 1 {  // a line longer than the buffer: grow it
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * buffer.count, alignment: 8)
            bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
            buffer.deallocate()
            buffer = bigger
        }
        let room = UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(buffer.count - 1)])
        let got = try file.read(into: room, count: room.count, at: fileOffset)
        fileOffset += got
        end += got
        return got > 0
    }

    /// Splits `line` at `,` or `\t` and parses the fields at `columns` (ascending) into
    /// `values`; a field that is not a number throws, naming line and column.
    func parse(_ line: UnsafeRawBufferPointer, columns: [Int], into values: inout [Double]) throws {
        guard let base = line.baseAddress else {
            throw InputError(file: file.path, position: "line \(lineNumber)", "expected numbers, found an empty line")
        }
        var p = 0
        var column = 0
        var want = 0
        while want < columns.count {
            guard p <= line.count else {
                throw InputError(
                    file: file.path, position: "line \(lineNumber)",
                    "expected at least \(columns[columns.count - 1] + 1) fields, found \(column)")
            }
            var q = p
            while q < line.count && line[q] != UInt8(ascii: ",") && line[q] != UInt8(ascii: "\t") { q += 1 }
            if column == columns[want] {
                let fieldStart = base.assumingMemoryBound(to: CChar.self) + p
                var stop: UnsafeMutablePointer<CChar>?
                let v = strtod(fieldStart, &stop)
                let converted = stop.map { $0 != fieldStart } ?? false
                var e = stop.map { UnsafeRawPointer($0) - base } ?? p
                while e < q && (line[e] == UInt8(ascii: " ")) { e += 1 }
                guard converted, e == q else {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[p..<q]), as: UTF8.self)
                    throw InputError(
                        file: file.path, position: "line \(lineNumber), column \(column + 1)",
                        "expected a number, found '\(text.trimmingCharacters(in: .whitespaces))'")
                }
                values[want] = v
                want += 1
            }
            column += 1
            p = q + 1
        }
    }
}
