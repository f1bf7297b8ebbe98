import Glibc

/// The master side of a pseudo-terminal, in raw mode, for emulating a serial sensor:
/// readers open ``devicePath`` (the slave) exactly like a USB-serial device.
public final class PseudoTerminal {
    /// Path of the slave device, e.g. `/dev/pts/7`.
    public let devicePath: String
    private var fd: Int32

    /// Opens a new pty pair. Throws ``InputError`` when the system has no ptys left.
    public init() throws {
        let fd = PTYFunctions.posixOpenpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(file: "/dev/ptmx", "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))") }
        // ptsname_r, not ptsname: ptsname's static buffer made two emulators started at
        // once on different threads link to the same slave.
        var name = [CChar](repeating: 0, count: 128)
        guard PTYFunctions.grantpt(fd) == 0, PTYFunctions.unlockpt(fd) == 0,
              PTYFunctions.ptsnameR(fd, &name, name.count) == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw InputError(file: "/dev/ptmx", "cannot set up the pseudo-terminal: \(message)")
        }
        self.fd = fd
        devicePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Raw mode on the pair (shared by both sides): no echo, no CR/LF translation.
        var tio = termios()
        if tcgetattr(fd, &tio) == 0 {
            cfmakeraw(&tio)
            tcsetattr(fd, TCSANOW, &tio)
        }
        // Open and close the slave once: from then on the master reports POLLHUP until a
        // reader has the slave open, which is how ``peerConnected`` sees a reader.
        let slave = Glibc.open(devicePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        if slave >= 0 { Glibc.close(slave) }
    }

    deinit { close() }

    /// Closes the master: a reader on the slave sees a hang-up (EIO / POLLHUP).
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    /// Whether a reader has the slave open.
    public var peerConnected: Bool {
        guard fd >= 0 else { return false }
        var pfd = pollfd(fd: fd, events: 0, revents: 0)
        _ = poll(&pfd, 1, 0)
        return pfd.revents & Int16(POLLHUP) == 0
    }

    /// Waits up to `timeoutMs` and returns the bytes the reader wrote (commands), possibly none.
    public func readCommands(timeoutMs: Int32) -> [UInt8] {
        guard fd >= 0 else { return [] }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMs) > 0, pfd.revents & Int16(POLLIN) != 0 else { return [] }
        var buf = [UInt8](repeating: 0, count: 256)
        let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        return n > 0 ? Array(buf[0..<n]) : []
    }

    /// Writes as much of `bytes[offset...]` as the pty buffer takes without blocking;
    /// returns the number written (0 when full or when no reader is attached).
    public func write(_ bytes: [UInt8], from offset: Int = 0) -> Int {
        guard fd >= 0, offset < bytes.count else { return 0 }
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        return max(n, 0)
    }
}

/// posix_openpt, grantpt, unlockpt and ptsname_r: glibc has them, but Swift's Glibc module
/// does not export them (they sit behind _XOPEN_SOURCE), so they are looked up at run time.
private enum PTYFunctions {
    typealias IntFromInt = @convention(c) (Int32) -> Int32
    typealias NameIntoBuffer = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

    private static func lookup<T>(_ name: String, as: T.Type) -> T {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            fatalError("glibc lacks \(name)")  // glibc always has these POSIX functions
        }
        return unsafeBitCast(sym, to: T.self)
    }

    static let posixOpenpt = lookup("posix_openpt", as: IntFromInt.self)
    static let grantpt = lookup("grantpt", as: IntFromInt.self)
    static let unlockpt = lookup("unlockpt", as: IntFromInt.self)
    static let ptsnameR = lookup("ptsname_r", as: NameIntoBuffer.self)
}
