import Foundation
import Testing
@testable import Twitchscope

/// The motion test of ``ArtifactMarker`` on synthetic raw signals at 2 kHz.
@Suite struct ArtifactMarkerTests {
    let fs = 2000.0

    /// Runs the marker over `signal` and returns the frames flagged as motion.
    func motionFrames(_ signal: [Float]) -> Int {
        let config = DetectorConfig()
        var marker = ArtifactMarker(config: config, sampleRate: fs)
        let raw = FrameRing<Float>(minimumCapacity: 4096, fill: 0)
        let deviation = FrameRing<Float>(minimumCapacity: 4096, fill: 0)
        var flags = FrameRing<UInt8>(minimumCapacity: 4096, fill: 0)
        var motion = 0
        for (f, v) in signal.enumerated() {
            flags[f] = 0
            raw[f] = v
            marker.add(frames: f..<(f + 1), raw: raw, deviation: deviation, flags: &flags)
            let done = f - marker.lagFrames
            if done >= 0 && flags[done] & FrameFlag.motion != 0 { motion += 1 }
        }
        return motion
    }

    /// Flags and deviations of the marker run over `signal` (NaN: gap) in chunks of `chunk`.
    func marks(_ signal: [Float], chunk: Int) -> (flags: [UInt8], deviation: [Float]) {
        var marker = ArtifactMarker(config: DetectorConfig(), sampleRate: fs)
        let n = signal.count
        let raw = FrameRing<Float>(minimumCapacity: n, fill: 0)
        let deviation = FrameRing<Float>(minimumCapacity: n, fill: 0)
        var flags = FrameRing<UInt8>(minimumCapacity: n, fill: 0)
        var start = 0
        while start < n {
            let end = min(n, start + chunk)
            for f in start..<end {
                raw[f] = signal[f]
                flags[f] = signal[f].isFinite ? 0 : FrameFlag.gap
            }
            marker.add(frames: start..<end, raw: raw, deviation: deviation, flags: &flags)
            start = end
        }
        return ((0..<n).map { flags[$0] }, (0..<n).map { deviation[$0] })
    }

    @Test func chunkSizeDoesNotChangeTheMarks() {
        var x = signal(wobbleUv: 400, seconds: 6)
        for i in 3000..<3100 { x[i] = 2000 }                 // clipped at the rail
        for i in 5000..<5400 { x[i] = x[4999] }              // flat-line
        for i in 7000..<7050 { x[i] = .nan }                 // gap
        let single = marks(x, chunk: 1)
        for chunk in [701, 5000] {
            let chunked = marks(x, chunk: chunk)
            #expect(single.flags == chunked.flags, "chunk \(chunk)")
            #expect(single.deviation == chunked.deviation, "chunk \(chunk)")
        }
        #expect(single.flags.contains { $0 & FrameFlag.clipped != 0 })
        #expect(single.flags.contains { $0 & FrameFlag.flat != 0 })
        #expect(single.flags.contains { $0 & FrameFlag.motion != 0 })
    }

    /// 70-uV 50 Hz mains plus 6-uV noise, and optionally a 0.3-s Hann-windowed 4 Hz wobble.
    func signal(wobbleUv: Float, seconds: Double = 12) -> [Float] {
        var rng = SystemRandomNumberGenerator()
        let n = Int(seconds * fs), start = Int(8 * fs), length = Int(0.3 * fs)
        return (0..<n).map { i in
            let t = Double(i) / fs
            var v = Float(70 * sin(2 * Double.pi * 50 * t)) + Float.random(in: -10...10, using: &rng)
            if i >= start && i < start + length {
                let x = Double(i - start) / Double(length)
                v += wobbleUv * Float((0.5 - 0.5 * cos(2 * Double.pi * x)) * sin(2 * Double.pi * 4 * x * 0.3))
            }
            return v
        }
    }

    @Test func smallMotionUnderMainsIsMarked() {
        // A 150-uV wobble: the old 25-ms mean kept ~13 uV of the mains, which put the
        // threshold (8 x its rms) near the wobble's size.
        #expect(motionFrames(signal(wobbleUv: 150)) > Int(0.05 * fs))
    }

    @Test func mainsAndNoiseAloneAreNotMotion() {
        #expect(motionFrames(signal(wobbleUv: 0)) == 0)
    }
}
