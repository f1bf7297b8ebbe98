/// What the user told us about an input, on the command line or in a manifest.
/// Every field is optional: readers use what the file says first and these to fill gaps
/// (or to override, where noted).
public struct ReaderOptions: Sendable, Equatable {
    /// Force a format instead of guessing from extension and magic bytes
    /// (`csv`, `raw`, `edf`, `bdf`, `wfdb`, `openbci`, `brainflow`).
    public var inputFormat: String?
    /// Sample rate in Hz, required where the file does not say (CSV without time column, raw).
    public var sampleRate: Double?
    /// Unit of the stored values when the file does not say (`uV`, `mV`, `V`).
    public var unit: String?
    /// Channels to keep, by label or 0-based index, in the order given. Nil keeps all
    /// (for formats with non-EMG channels, all EMG-like channels).
    public var channels: [String]?
    /// CSV: turn non-numeric cells into gaps (NaN) instead of failing.
    public var nonNumericAsGap: Bool = false
    /// Raw binary layout given on the command line (overrides the JSON sidecar).
    public var raw: RawLayoutOptions = RawLayoutOptions()

    public init() {}
}

/// Command-line description of a raw binary file; see `RawBinaryReader` for the sidecar.
public struct RawLayoutOptions: Sendable, Equatable {
    /// `int16`, `int24`, `int32`, `float32`, `float64`.
    public var sampleType: String?
    /// `little` or `big`.
    public var byteOrder: String?
    /// Number of interleaved channels.
    public var channelCount: Int?
    /// Microvolts per stored unit (after `unit` conversion); default 1.
    public var scale: Double?
    /// Bytes to skip at the start of the file.
    public var headerBytes: Int?

    public init() {}
}
