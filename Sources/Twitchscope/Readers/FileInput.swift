#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for sequential reading with POSIX `read`, used by the streaming readers.
///
/// POSIX calls rather than `FileHandle` so that large chunks land directly in the caller's
/// preallocated buffer without an intermediate `Data`.
final class FileInput {
    let path: String
    private let descriptor: Int32

    /// Opens `path` for reading; throws ``InputError`` when it cannot.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            throw InputError(file: path, "cannot open for reading: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Size of the file in bytes.
    func size() throws -> Int {
        var st = stat()
        if fstat(descriptor, &st) != 0 {
            throw InputError(file: path, "cannot read the file size: \(String(cString: strerror(errno)))")
        }
        return Int(st.st_size)
    }

    /// Moves the read position to `offset` bytes from the start.
    func seek(to offset: Int) throws {
        if lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw InputError(file: path, position: "byte \(offset)", "cannot seek: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads up to `count` bytes into `buffer`, retrying until `count` bytes are read or the
    /// file ends. Returns the number of bytes read (less than `count` only at the end).
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var total = 0
        while total < count {
            let n = posixRead(descriptor, buffer + total, count - total)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}

/// The POSIX `read`, named apart from ``FileInput/read(into:count:)``.
@inline(__always)
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
