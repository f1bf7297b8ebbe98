import CFFTW
import Synchronization

/// FFTW plans, made once per transform size and shared by every thread.
///
/// FFTW's planner is not thread-safe, so plan creation is serialised behind one lock.
/// Executing a plan is thread-safe when each caller passes its own arrays through the
/// new-array interface (`fftwf_execute_dft_r2c` / `_c2r`), which ``RealFFT`` does. Plans
/// are never destroyed: there are only a handful of sizes in a process.
///
/// `FFTW_MEASURE` planning times candidate algorithms (0.5-7 s per size on a loaded
/// 2-core machine); `FFTW_ESTIMATE` plans in milliseconds. One-off transforms (filter
/// design, response grids) ask for `.estimate`; a `.measure` plan, once made, also
/// serves `.estimate` requests for its size.
final class FFTPlanCache: Sendable {
    static let shared = FFTPlanCache()

    struct PlanPair: @unchecked Sendable {
        let forward: fftwf_plan
        let inverse: fftwf_plan
    }

    private struct Key: Hashable {
        let size: Int
        let planning: FFTPlanning
    }

    private let plans = Mutex<[Key: PlanPair]>([:])

    /// Forward (real to complex) and inverse (complex to real) plans for `size` points.
    func plans(size: Int, planning: FFTPlanning = .estimate) -> PlanPair {
        plans.withLock { cache in
            if let pair = cache[Key(size: size, planning: .measure)] { return pair }
            if let pair = cache[Key(size: size, planning: planning)] { return pair }
            // Plan on scratch arrays with the same alignment as RealFFT's buffers
            // (fftwf_malloc), so the plans apply to any such arrays.
            let real = fftwf_alloc_real(size)!
            let complex = fftwf_alloc_complex(size / 2 + 1)!
            defer {
                fftwf_free(real)
                fftwf_free(complex)
            }
            let rigor = planning == .measure ? UInt32(FFTW_MEASURE) : UInt32(FFTW_ESTIMATE)
            let flags = rigor | UInt32(FFTW_DESTROY_INPUT)
            let forward = fftwf_plan_dft_r2c_1d(Int32(size), real, complex, flags)!
            let inverse = fftwf_plan_dft_c2r_1d(Int32(size), complex, real, flags)!
            let pair = PlanPair(forward: forward, inverse: inverse)
            cache[Key(size: size, planning: planning)] = pair
            return pair
        }
    }
}

/// How hard FFTW searches for a fast plan.
public enum FFTPlanning: Sendable, Hashable {
    /// `FFTW_ESTIMATE`: plans at once, executes somewhat slower. For one-off transforms.
    case estimate
    /// `FFTW_MEASURE`: times candidate plans once per size (seconds), then executes fastest.
    case measure
}
