import Foundation

/// Everything a simulated recording contains, decided up front from the config and seed:
/// units, the discharge schedule, disturbances, and the ground truth describing them.
/// It is small (a 60-minute benign recording holds a few hundred discharges); the samples
/// are rendered block by block by ``SimulatedRecording``.
struct SimulationPlan: Sendable {
    /// One discharge as rendered: the unit's shape at `time` (largest peak), scaled in
    /// amplitude and stretched in time (stretch > 1 = slower conduction).
    struct Discharge: Sendable {
        var time: Double
        var unit: Int32
        var amplitude: Float
        var stretch: Float
    }

    /// A unit as rendered: its shape and its peak-to-peak on each channel, uV.
    struct RenderUnit: Sendable {
        var shape: MUAPShape
        var gains: [Float]
    }

    var sampleRate: Double
    var frameCount: Int
    var channelCount: Int
    var units: [RenderUnit] = []
    /// Sorted by time.
    var discharges: [Discharge] = []
    /// Largest distance from a discharge's time to the edge of its drawn support, s.
    var maxReach: Double = 0
    var noiseRms: [Double]
    var noiseSeed: UInt64
    var mains: MainsModel?
    var mainsGains: [Double] = []
    var wander: [WanderModel?]
    var artifacts: [ArtifactModel] = []
    var rail: Double
    var truth: GroundTruth
}
