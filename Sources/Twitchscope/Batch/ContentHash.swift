import Foundation

/// XXH64 (xxHash, 64-bit, seed 0) of a file's bytes, streamed in 1 MiB chunks: fast
/// enough to fingerprint every recording of a study on each run, so `--resume` notices
/// changed content. Not a cryptographic hash.
public struct ContentHash {
    private static let p1: UInt64 = 11_400_714_785_074_694_791
    private static let p2: UInt64 = 14_029_467_366_897_019_727
    private static let p3: UInt64 = 1_609_587_929_392_839_161
    private static let p4: UInt64 = 9_650_029_242_287_828_579
    private static let p5: UInt64 = 2_870_177_450_012_600_261

    private var v1: UInt64 = 0
    private var v2: UInt64 = 0
    private var v3: UInt64 = 0
    private var v4: UInt64 = 0
    private var total: UInt64 = 0
    /// Bytes of an incomplete 32-byte stripe, carried to the next update.
    private var tail: [UInt8] = []

    public init() {
        v1 = Self.p1 &+ Self.p2
        v2 = Self.p2
        v3 = 0
        v4 = 0 &- Self.p1
    }

    /// Hex digest (16 lowercase digits) of the file at `path`; throws ``InputError`` when
    /// it cannot be read.
    public static func file(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(file: path, "cannot open the file")
        }
        defer { try? handle.close() }
        var hash = ContentHash()
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw InputError(file: path, position: "byte \(hash.total)", "read failed: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.hexDigest
    }

    /// Hex digest of `bytes`.
    public static func bytes(_ bytes: [UInt8]) -> String {
        var hash = ContentHash()
        bytes.withUnsafeBytes { hash.update($0) }
        return hash.hexDigest
    }

    /// Feeds more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        total &+= UInt64(bytes.count)
        var offset = 0
        if !tail.isEmpty {
            let take = min(32 - tail.count, bytes.count)
            tail.append(contentsOf: bytes[0..<take])
            offset = take
            guard tail.count == 32 else { return }
            tail.withUnsafeBytes { stripe($0, at: 0) }
            tail.removeAll(keepingCapacity: true)
        }
        while offset + 32 <= bytes.count {
            stripe(bytes, at: offset)
            offset += 32
        }
        if offset < bytes.count { tail.append(contentsOf: bytes[offset...]) }
    }

    private mutating func stripe(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        v1 = Self.round(v1, Self.load64(bytes, offset))
        v2 = Self.round(v2, Self.load64(bytes, offset + 8))
        v3 = Self.round(v3, Self.load64(bytes, offset + 16))
        v4 = Self.round(v4, Self.load64(bytes, offset + 24))
    }

    /// The 64-bit digest of everything fed so far.
    public var digest: UInt64 {
        var h: UInt64
        if total >= 32 {
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            for v in [v1, v2, v3, v4] {
                h ^= Self.round(0, v)
                h = h &* Self.p1 &+ Self.p4
            }
        } else {
            h = Self.p5
        }
        h &+= total
        tail.withUnsafeBytes { rest in
            var i = 0
            while i + 8 <= rest.count {
                h ^= Self.round(0, Self.load64(rest, i))
                h = rotl(h, 27) &* Self.p1 &+ Self.p4
                i += 8
            }
            if i + 4 <= rest.count {
                h ^= UInt64(UInt32(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.p1
                h = rotl(h, 23) &* Self.p2 &+ Self.p3
                i += 4
            }
            while i < rest.count {
                h ^= UInt64(rest[i]) &* Self.p5
                h = rotl(h, 11) &* Self.p1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= Self.p2
        h ^= h >> 29
        h &*= Self.p3
        h ^= h >> 32
        return h
    }

    public var hexDigest: String {
        let hex = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    private static func load64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

@inline(__always) private func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
