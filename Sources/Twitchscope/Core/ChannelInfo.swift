import Foundation

/// One channel of a recording, as a reader delivers it.
///
/// Readers always deliver samples in microvolts; `sourceUnit` records what the file said
/// (for example `mV`), so reports can show where the numbers came from.
public struct ChannelInfo: Sendable, Equatable, Codable {
    /// Position of the channel in the source file (0-based), before any selection.
    public var index: Int
    /// Label from the file, or `ch<index+1>` when the file has none.
    public var label: String
    /// Unit the file stored the channel in (`uV`, `mV`, `V`, or whatever it said).
    public var sourceUnit: String
    /// Samples per second.
    public var sampleRate: Double

    public init(index: Int, label: String, sourceUnit: String = "uV", sampleRate: Double) {
        self.index = index
        self.label = label
        self.sourceUnit = sourceUnit
        self.sampleRate = sampleRate
    }
}

/// A time-stamped note carried by a recording (EDF+ annotations, markers).
public struct Annotation: Sendable, Equatable, Codable {
    /// Seconds from the start of the recording.
    public var onset: Double
    /// Seconds, when the annotation has a duration.
    public var duration: Double?
    public var text: String

    public init(onset: Double, duration: Double? = nil, text: String) {
        self.onset = onset
        self.duration = duration
        self.text = text
    }
}

/// What a reader knows about a recording before the samples are read.
public struct RecordingInfo: Sendable {
    /// Path of the file (or device) the samples come from.
    public var path: String
    /// Short format name: `csv`, `raw`, `edf`, `bdf`, `wfdb`, `openbci`, `serial`, ...
    public var format: String
    /// The channels delivered, in delivery order. All share `sampleRate`.
    public var channels: [ChannelInfo]
    /// Common sample rate of the delivered channels, in Hz.
    public var sampleRate: Double
    /// Number of frames (samples per channel), when the reader knows it in advance.
    public var frameCount: Int?
    /// Wall-clock start of the recording, when the file says.
    public var startTime: Date?
    /// Annotations found in the file.
    public var annotations: [Annotation]
    /// Things the reader noticed that the user should know (dropped channels, guessed units...).
    public var warnings: [String]

    public init(
        path: String, format: String, channels: [ChannelInfo], sampleRate: Double,
        frameCount: Int? = nil, startTime: Date? = nil, annotations: [Annotation] = [],
        warnings: [String] = []
    ) {
        self.path = path
        self.format = format
        self.channels = channels
        self.sampleRate = sampleRate
        self.frameCount = frameCount
        self.startTime = startTime
        self.annotations = annotations
        self.warnings = warnings
    }

    /// Duration in seconds, when the frame count is known.
    public var duration: Double? { frameCount.map { Double($0) / sampleRate } }
}
