import Foundation
import Testing
@testable import Twitchscope

@Suite("Serial port")
struct SerialPortTests {
    @Test("a missing device names the path and says to check the sensor")
    func missing() {
        let e = inputError { _ = try SerialPort(path: "/dev/ttyNOPE9") }
        #expect(e?.description == "/dev/ttyNOPE9: no such device (is the sensor plugged in? check the path, e.g. ls /dev/ttyUSB* /dev/ttyACM*)")
    }

    @Test("a second open of the same device is refused as busy")
    func busy() throws {
        let pty = try PseudoTerminal()
        let first = try SerialPort(path: pty.devicePath)
        let e = inputError { _ = try SerialPort(path: pty.devicePath) }
        #expect(e?.description == "\(pty.devicePath): device is in use by another process (close the other program or Twitchscope instance)")
        first.close()
        // Closing releases the lock.
        let again = try SerialPort(path: pty.devicePath, baud: 921_600)
        #expect(again.isOpen)
    }

    @Test("pseudo-terminals opened at once on many threads each get their own device")
    func concurrentPseudoTerminals() throws {
        final class Opened: @unchecked Sendable {
            let lock = NSLock()
            var paths: [String] = []
            var terminals: [PseudoTerminal] = []
            var failures: [String] = []
        }
        // The race (glibc's ptsname shares one buffer) is narrow: with ptsname this caught
        // it in about 1 of 5 rounds of 1,000 on 2 cores, so 10 rounds.
        for _ in 0..<10 {
            let opened = Opened()
            DispatchQueue.concurrentPerform(iterations: 1000) { _ in
                do {
                    let pty = try PseudoTerminal()
                    opened.lock.withLock { opened.terminals.append(pty); opened.paths.append(pty.devicePath) }
                } catch {
                    opened.lock.withLock { opened.failures.append("\(error)") }
                }
            }
            #expect(opened.failures.isEmpty)
            #expect(Set(opened.paths).count == opened.paths.count, "two open terminals share a slave device")
            if !opened.failures.isEmpty || Set(opened.paths).count != opened.paths.count { break }
        }
    }

    @Test("unsupported baud rates and non-terminals are refused")
    func badConfig() throws {
        let pty = try PseudoTerminal()
        let e = inputError { _ = try SerialPort(path: pty.devicePath, baud: 12345) }
        #expect(e?.message.hasPrefix("unsupported baud rate 12345; expected one of 9600, 19200") == true)
        let folder = try TemporaryFolder()
        let file = try folder.file("plain.txt", "x")
        let e2 = inputError { _ = try SerialPort(path: file) }
        #expect(e2?.message.hasPrefix("not a serial device") == true)
    }

    @Test("bytes written on the master arrive on the port; a closed master reads as a hang-up")
    func hangUp() throws {
        let pty = try PseudoTerminal()
        let port = try SerialPort(path: pty.devicePath)
        #expect(pty.write([1, 2, 3, 0x0D, 0x0A]) == 5)
        var buf = [UInt8](repeating: 0, count: 16)
        let r = buf.withUnsafeMutableBytes { port.read(into: $0, timeoutMs: 1000) }
        #expect(r == .data(5))
        #expect(Array(buf[0..<5]) == [1, 2, 3, 0x0D, 0x0A])   // raw: no CR/LF translation
        try port.write(Array("v".utf8))
        #expect(pty.readCommands(timeoutMs: 1000) == [0x76])
        pty.close()
        let r2 = buf.withUnsafeMutableBytes { port.read(into: $0, timeoutMs: 1000) }
        if case .disconnected = r2 {} else { Issue.record("expected a hang-up, got \(r2)") }
    }
}
