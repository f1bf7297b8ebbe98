/// A problem with the input: a file that cannot be read, a malformed field, a usage error.
///
/// The message always names the file and, where there is one, the position (line and
/// column, byte offset, header field) and what was expected there. The CLI prints
/// `description` and exits with code 2.
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file or device concerned (empty for pure usage errors).
    public var file: String
    /// Where in the file: `line 12, column 3`, `byte 4096`, `header field 'number of signals'`.
    public var position: String?
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, position: String? = nil, _ message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        var s = file.isEmpty ? "" : "\(file): "
        if let position { s += "\(position): " }
        return s + message
    }
}
