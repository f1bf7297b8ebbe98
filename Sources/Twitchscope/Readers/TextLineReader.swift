#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a text file into lines, reading it in large chunks.
///
/// Lines end with LF or CRLF (the CR is dropped); a UTF-8 byte-order mark at the start is
/// skipped. The returned bytes point into the reader's buffer and stay valid only until
/// the next call, so nothing is copied per line. Memory is one chunk (1 MiB) plus the
/// longest line; a line longer than `maxLineBytes` is an error rather than unbounded growth.
final class TextLineReader {
    /// Bytes requested from the file per read.
    static let chunkBytes = 1 << 20
    /// Longest line accepted.
    static let maxLineBytes = 16 << 20

    private let file: FileInput
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var atFileStart = true
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(file: FileInput) {
        self.file = file
        capacity = Self.chunkBytes
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// The next line without its terminator, or nil at the end of the file.
    func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            if start < end, let newline = memchr(buffer + start, 0x0A, end - start) {
                let stop = newline.assumingMemoryBound(to: UInt8.self) - buffer
                return emit(upTo: stop, next: stop + 1)
            }
            if atEnd {
                guard start < end else { return nil }
                return emit(upTo: end, next: end)
            }
            try refill()
        }
    }

    private func emit(upTo stop: Int, next: Int) -> UnsafeBufferPointer<UInt8> {
        var last = stop
        if last > start, buffer[last - 1] == 0x0D { last -= 1 }
        let line = UnsafeBufferPointer(start: buffer + start, count: last - start)
        start = next
        lineNumber += 1
        return line
    }

    /// Moves the unfinished line to the front, grows the buffer if the line fills it, reads more.
    private func refill() throws {
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        if capacity - end < Self.chunkBytes / 2 {
            if capacity >= Self.maxLineBytes {
                throw InputError(
                    file: file.path, position: "line \(lineNumber + 1)",
                    "line longer than \(Self.maxLineBytes >> 20) MiB; expected a text file with one row per line")
            }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let n = try file.read(into: buffer + end, count: capacity - end)
        if n == 0 { atEnd = true }
        if atFileStart, end + n >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            start = 3
        }
        if end + n > 0 { atFileStart = false }
        end += n
    }
}
