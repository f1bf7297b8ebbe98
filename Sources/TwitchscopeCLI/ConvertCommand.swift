import ArgumentParser
import Foundation
import Twitchscope

/// `twitchscope convert IN OUT`: streams a recording from one format to another, block by
/// block, carrying labels, units (microvolts), start time and annotations.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a recording between formats (EDF+, BDF+, WFDB, OpenBCI, CSV, raw).",
        discussion: """
            Reads IN with any supported reader and writes OUT block by block, so memory stays \
            small whatever the length. EDF+ stores 16-bit samples (default range ±3276.7 µV at \
            0.1 µV per step), BDF+ 24-bit samples (default ±838860 µV at 0.1 µV); samples outside \
            the range are clipped and counted. Annotations go into the EDF+/BDF+ annotation signal.
            """)

    @Argument(help: "Input recording.")
    var input: String

    @Argument(help: "Output file.")
    var output: String

    @OptionGroup var inputOptions: InputOptions

    @Option(name: .customLong("output-format"), help: "edf, bdf, csv or raw (default: from OUT's extension).")
    var outputFormat: String?

    @Option(name: .customLong("physical-max"), help: "EDF/BDF: largest magnitude stored without clipping, in µV.")
    var physicalMaximum: Double?

    @Option(name: .customLong("block-frames"), help: "Frames per block while streaming.")
    var blockFrames = 65_536

    func run() throws {
        do {
            try convert()
        } catch let error as InputError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func convert() throws {
        guard blockFrames > 0 else { throw InputError(file: "", "--block-frames: expected a positive number") }
        let reader = try RecordingOpener.open(input, options: inputOptions.readerOptions)
        let info = reader.info
        for w in info.warnings { warn("\(input): \(w)") }
        let format = try outputFormat?.lowercased() ?? SignalWriters.formatFromExtension(output)
        let writer = try SignalWriters.create(
            path: output, format: format, channels: info.channels, sampleRate: info.sampleRate,
            startTime: info.startTime, physicalMaximum: physicalMaximum)
        let edf = writer as? EDFWriter
        var block = SampleBlock(channelCount: info.channels.count, capacity: blockFrames)
        var frames = 0
        while try reader.read(into: &block, maxFrames: blockFrames) {
            try writer.write(block)
            frames += block.frameCount
        }
        for a in info.annotations { try writer.annotate(a) }
        try writer.close()
        for w in edf?.warnings ?? [] { warn("\(output): \(w)") }
        print(
            "\(input) (\(info.format)) -> \(output) (\(format)): \(frames) frames x \(info.channels.count) channels at "
                + "\(info.sampleRate) Hz, \(info.annotations.count) annotations")
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }
}
