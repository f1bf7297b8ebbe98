/// One recording in a batch: where it is, how to read it, and what the study says about it.
public struct BatchItem: Sendable, Equatable {
    /// Path the reader opens (the input folder or manifest folder joined with `relativePath`).
    public var path: String
    /// Path relative to the input folder or manifest: the recording's key in the results
    /// database, identical on every machine and shard.
    public var relativePath: String
    /// Subject label: manifest column `subject`, else a BIDS-like `sub-<label>` folder.
    public var subject: String?
    /// Session label: manifest column `session`, else a BIDS-like `ses-<label>` folder.
    public var session: String?
    /// Manifest columns besides `path`, as written (empty for folder inputs).
    public var metadata: [String: String]
    /// Reader options for this recording (command line, overridden by manifest columns).
    public var readerOptions: ReaderOptions
    /// File size in bytes when the work list was made (0 when the file is missing).
    public var size: Int

    public init(
        path: String, relativePath: String, subject: String? = nil, session: String? = nil,
        metadata: [String: String] = [:], readerOptions: ReaderOptions = ReaderOptions(), size: Int = 0
    ) {
        self.path = path
        self.relativePath = relativePath
        self.subject = subject
        self.session = session
        self.metadata = metadata
        self.readerOptions = readerOptions
        self.size = size
    }
}
