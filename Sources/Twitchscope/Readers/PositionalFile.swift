import Foundation

/// A file opened for positional reads (`pread`): readers fetch header bytes, annotation
/// slots and large chunks of records at known offsets without moving a shared cursor.
final class PositionalFile {
    /// Path as the user gave it, for error messages.
    let path: String
    /// Size in bytes when the file was opened.
    let size: Int
    private let fd: Int32

    /// Opens `path` for reading; throws ``InputError`` when it cannot.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw InputError(file: path, "cannot read the file size: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset` into `buffer` (from its start); returns the
    /// number read, short only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: Int) throws -> Int {
        precondition(count <= buffer.count)
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(
                    file: path, position: "byte \(offset + done)",
                    "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads `count` bytes at `offset` into a new array (headers and small slots only).
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let n = try out.withUnsafeMutableBytes { try read(into: $0, count: count, at: offset) }
        if n < count { out.removeSubrange(n...) }
        return out
    }
}
