import Foundation

/// `--shard K/N`: shard K (0-based) of N takes the recordings whose index in the sorted
/// work list is K modulo N, so the N shards are disjoint and together cover the list.
public struct ShardSpec: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 0 <= K < N; throws ``InputError`` otherwise.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw InputError(file: "", position: "--shard", "expected K/N with 0 <= K < N (e.g. 0/4), found '\(text)'")
        }
        self.init(index: k, count: n)
    }

    /// This shard's part of a sorted work list.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index }.map(\.element)
    }
}

/// `shard.json` in a shard's output folder: which shard it is and which work list it
/// was cut from, so `merge` can check that the shards fit together.
public struct ShardInfo: Codable, Sendable, Equatable {
    public var shard: Int
    public var count: Int
    /// XXH64 of the whole sorted work list (relative paths, one per line).
    public var inputsHash: String
    public var inputsTotal: Int
    /// The relative paths this shard analyses.
    public var inputs: [String]
    public var toolVersion: String

    public init(spec: ShardSpec, allItems: [BatchItem], toolVersion: String) {
        shard = spec.index
        count = spec.count
        inputsHash = Self.hash(allItems.map(\.relativePath))
        inputsTotal = allItems.count
        inputs = spec.select(allItems).map(\.relativePath)
        self.toolVersion = toolVersion
    }

    static func hash(_ paths: [String]) -> String {
        ContentHash.bytes(Array(paths.joined(separator: "\n").utf8))
    }

    public func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = folder + "/" + OutputNames.shardFile
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads `folder/shard.json`; throws ``InputError`` when it is missing or malformed.
    public static func read(from folder: String) throws -> ShardInfo {
        let path = folder + "/" + OutputNames.shardFile
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "no shard.json: not the output of 'twitchscope batch --shard K/N'")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ShardInfo.self, from: data)
        } catch {
            throw InputError(file: path, "malformed shard.json: \(error)")
        }
    }
}
