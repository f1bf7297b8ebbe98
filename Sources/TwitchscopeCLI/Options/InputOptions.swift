import ArgumentParser
import Foundation
import Twitchscope

/// How to read input files: shared by every command that reads recordings.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input-format"), help: "Force the input format (csv, raw, edf, bdf, wfdb, openbci, brainflow).")
    var inputFormat: String?

    @Option(name: .customLong("sample-rate"), help: "Sample rate in Hz, where the file does not say (CSV without time column, raw).")
    var sampleRate: Double?

    @Option(help: "Unit of the stored values where the file does not say: uV, mV or V.")
    var unit: String?

    @Option(help: "Channels to keep, comma-separated labels or 0-based indices (e.g. EMG1,EMG3 or 0,2).")
    var channels: String?

    @Flag(name: .customLong("non-numeric-as-gap"), help: "CSV: treat non-numeric cells as gaps instead of failing.")
    var nonNumericAsGap = false

    @Option(name: .customLong("raw-type"), help: "Raw binary sample type: int16, int24, int32, float32, float64.")
    var rawType: String?

    @Option(name: .customLong("raw-byte-order"), help: "Raw binary byte order: little or big.")
    var rawByteOrder: String?

    @Option(name: .customLong("raw-channels"), help: "Raw binary: number of interleaved channels.")
    var rawChannels: Int?

    @Option(name: .customLong("raw-scale"), help: "Raw binary: microvolts per stored unit (after --unit).")
    var rawScale: Double?

    @Option(name: .customLong("raw-header-bytes"), help: "Raw binary: bytes to skip at the start.")
    var rawHeaderBytes: Int?

    var readerOptions: ReaderOptions {
        var o = ReaderOptions()
        o.inputFormat = inputFormat?.lowercased()
        o.sampleRate = sampleRate
        o.unit = unit
        o.channels = channels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        o.nonNumericAsGap = nonNumericAsGap
        o.raw.sampleType = rawType
        o.raw.byteOrder = rawByteOrder
        o.raw.channelCount = rawChannels
        o.raw.scale = rawScale
        o.raw.headerBytes = rawHeaderBytes
        return o
    }
}
