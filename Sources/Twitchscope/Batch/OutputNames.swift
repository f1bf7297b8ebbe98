import Foundation

/// File names inside a batch output folder.
public enum OutputNames {
    public static let database = "results.sqlite"
    public static let recordingsFolder = "recordings"
    public static let shardFile = "shard.json"

    /// A flat, portable file name for a recording's relative path: `/` becomes `__`, and
    /// characters outside `A-Z a-z 0-9 . _ -` become `_`. When that could be ambiguous
    /// (the path held `__` or such characters) a hash of the path is appended, so two
    /// paths never share a name, whichever shard writes them.
    public static func safeName(_ relativePath: String) -> String {
        var name = ""
        var altered = relativePath.contains("__")
        for scalar in relativePath.unicodeScalars {
            switch scalar {
            case "/": name += "__"
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": name.unicodeScalars.append(scalar)
            default:
                name += "_"
                altered = true
            }
        }
        if name.hasPrefix(".") {
            name = "_" + name
            altered = true
        }
        if altered { name += "-" + ContentHash.bytes(Array(relativePath.utf8)).prefix(8) }
        return name
    }
}
