#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written through a 1 MiB buffer with POSIX `write`, for the streaming writers.
final class FileOutput {
    static let bufferBytes = 1 << 20

    let path: String
    private var descriptor: Int32
    private let buffer: UnsafeMutableRawPointer
    private var used = 0

    /// Creates (or truncates) `path`.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor < 0 {
            throw InputError(file: path, "cannot create the file: \(String(cString: strerror(errno)))")
        }
        buffer = .allocate(byteCount: Self.bufferBytes, alignment: 16)
    }

    deinit {
        if descriptor >= 0 { _ = posixClose(descriptor) }
        buffer.deallocate()
    }

    /// Free bytes at the end of the buffer, flushing first when fewer than `count` are free.
    /// `count` must not exceed `bufferBytes`. Call ``commit(_:)`` with the bytes written.
    func space(_ count: Int) throws -> UnsafeMutableRawPointer {
        if Self.bufferBytes - used < count { try flush() }
        return buffer + used
    }

    /// Marks `count` bytes written into the pointer from ``space(_:)``.
    func commit(_ count: Int) { used += count }

    /// Appends bytes of any length.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, Self.bufferBytes)
            try space(n).copyMemory(from: base + offset, byteCount: n)
            commit(n)
            offset += n
        }
    }

    /// Appends the UTF-8 bytes of `text`.
    func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { try append(UnsafeRawBufferPointer($0)) }
    }

    /// Writes the buffered bytes to the file.
    func flush() throws {
        var offset = 0
        while offset < used {
            let n = posixWrite(descriptor, buffer + offset, used - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, "write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        used = 0
    }

    /// Flushes and closes; later calls do nothing.
    func close() throws {
        guard descriptor >= 0 else { return }
        try flush()
        let result = posixClose(descriptor)
        descriptor = -1
        if result != 0 { throw InputError(file: path, "close failed: \(String(cString: strerror(errno)))") }
    }
}

@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

@inline(__always) private func posixClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}
