import Glibc
import Foundation

/// A serial device (USB-serial dongle, Arduino, pseudo-terminal) opened for exclusive raw
/// 8N1 access, read with `poll()` and a timeout.
///
/// Exclusive access uses both `TIOCEXCL` (other non-root opens fail with EBUSY) and an
/// advisory `flock`, so a second Twitchscope on the same device is refused even as root.
public final class SerialPort {
    /// The device path as given (a symlink such as `/dev/serial/by-id/...` is fine).
    public let path: String
    /// Baud rate the port was configured for.
    public let baud: Int
    private var fd: Int32

    /// The baud rates the port accepts, mapped to their termios constants.
    public static let baudRates: [Int: speed_t] = [
        9600: speed_t(B9600), 19200: speed_t(B19200), 38400: speed_t(B38400),
        57600: speed_t(B57600), 115200: speed_t(B115200), 230400: speed_t(B230400),
        460800: speed_t(B460800), 500000: speed_t(B500000), 576000: speed_t(B576000),
        921600: speed_t(B921600),
    ]

    /// The outcome of one `read`.
    public enum ReadResult: Equatable, Sendable {
        /// This many bytes were stored at the start of the buffer.
        case data(Int)
        /// Nothing arrived within the timeout.
        case timeout
        /// The device went away (unplugged, pty master closed); the reason says how.
        case disconnected(String)
    }

    /// Opens `path` and configures it: raw mode, 8 data bits, no parity, 1 stop bit, no
    /// flow control, `baud` in both directions. Throws ``InputError`` naming the device
    /// for a missing device, a busy one, missing permissions or an unsupported rate.
    public init(path: String, baud: Int = 115_200) throws {
        guard let speed = Self.baudRates[baud] else {
            let rates = Self.baudRates.keys.sorted().map(String.init).joined(separator: ", ")
            throw InputError(file: path, "unsupported baud rate \(baud); expected one of \(rates)")
        }
        self.path = path
        self.baud = baud
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { throw Self.openError(path: path, errno: errno) }
        self.fd = fd
        do {
            if ioctl(fd, UInt(TIOCEXCL)) != 0 && errno != ENOTTY {
                throw Self.openError(path: path, errno: errno)
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                throw errno == EWOULDBLOCK
                    ? InputError(file: path, "device is in use by another process (close the other program or Twitchscope instance)")
                    : Self.openError(path: path, errno: errno)
            }
            var tio = termios()
            guard tcgetattr(fd, &tio) == 0 else {
                throw InputError(file: path, "not a serial device (\(String(cString: strerror(errno))))")
            }
            cfmakeraw(&tio)
            tio.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(PARENB) | tcflag_t(CRTSCTS))
            tio.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
            tio.c_cflag = (tio.c_cflag & ~tcflag_t(CSIZE)) | tcflag_t(CS8)
            tio.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
            cfsetispeed(&tio, speed)
            cfsetospeed(&tio, speed)
            guard tcsetattr(fd, TCSANOW, &tio) == 0 else {
                throw InputError(file: path, "cannot configure the serial line (\(String(cString: strerror(errno))))")
            }
            tcflush(fd, TCIOFLUSH)
        } catch {
            Glibc.close(fd)
            self.fd = -1
            throw error
        }
    }

    deinit { close() }

    /// Whether the port is still open.
    public var isOpen: Bool { fd >= 0 }

    /// Closes the port (idempotent); releases the exclusive lock.
    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    /// Waits up to `timeoutMs` for bytes and reads as many as fit in `buffer`.
    /// Returns `.disconnected` on hang-up, EIO/ENXIO, or end of file (a tty that reads
    /// zero bytes after poll said readable has lost its other side).
    public func read(into buffer: UnsafeMutableRawBufferPointer, timeoutMs: Int32) -> ReadResult {
        guard fd >= 0 else { return .disconnected("port closed") }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, timeoutMs)
        if ready < 0 {
            return errno == EINTR ? .timeout : .disconnected("poll failed: \(String(cString: strerror(errno)))")
        }
        if ready == 0 { return .timeout }
        if pfd.revents & Int16(POLLIN) == 0 && pfd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            return .disconnected("device hung up")
        }
        let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if n > 0 { return .data(n) }
        if n == 0 { return .disconnected("device hung up") }
        switch errno {
        case EAGAIN, EINTR: return .timeout
        default: return .disconnected(String(cString: strerror(errno)))
        }
    }

    /// Writes all of `bytes` (waiting for the line to drain if it is full).
    /// Throws ``InputError`` when the device is gone.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            guard fd >= 0 else { throw InputError(file: path, "write to a closed port") }
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, 100)
            } else {
                throw InputError(file: path, "write failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Discards bytes received but not yet read.
    public func discardInput() {
        if fd >= 0 { tcflush(fd, TCIFLUSH) }
    }

    static func openError(path: String, errno code: Int32) -> InputError {
        switch code {
        case ENOENT, ENODEV, ENXIO:
            return InputError(file: path, "no such device (is the sensor plugged in? check the path, e.g. ls /dev/ttyUSB* /dev/ttyACM*)")
        case EBUSY:
            return InputError(file: path, "device is in use by another process (close the other program or Twitchscope instance)")
        case EACCES, EPERM:
            return InputError(file: path, "permission denied; add your user to the dialout group (sudo usermod -aG dialout $USER) and log in again")
        default:
            return InputError(file: path, "cannot open device: \(String(cString: strerror(code)))")
        }
    }
}
