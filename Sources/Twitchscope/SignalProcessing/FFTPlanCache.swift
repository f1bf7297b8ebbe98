import CFFTW
import Synchronization

/// FFTW plans, made once per transform size and shared by every thread.
///
/// FFTW's planner is not thread-safe, so plan creation is serialised behind one lock.
/// Executing a plan is thread-safe when each caller passes its own arrays through the
/// new-array interface (`fftwf_execute_dft_r2c` / `_c2r`), which ``RealFFT`` does. Plans
/// are never destroyed: there are only a handful of sizes in a process.
final class FFTPlanCache: Sendable {
    static let shared = FFTPlanCache()

    struct PlanPair: @unchecked Sendable {
        let forward: fftwf_plan
        let inverse: fftwf_plan
    }

    private let plans = Mutex<[Int: PlanPair]>([:])

    /// Forward (real to complex) and inverse (complex to real) plans for `size` points.
    func plans(size: Int) -> PlanPair {
        plans.withLock { cache in
            if let pair = cache[size] { return pair }
            // Plan on scratch arrays with the same alignment as RealFFT's buffers
            // (fftwf_malloc), so the plans apply to any such arrays.
            let real = fftwf_alloc_real(size)!
            let complex = fftwf_alloc_complex(size / 2 + 1)!
            defer {
                fftwf_free(real)
                fftwf_free(complex)
            }
            let flags = UInt32(FFTW_MEASURE) | UInt32(FFTW_DESTROY_INPUT)
            let forward = fftwf_plan_dft_r2c_1d(Int32(size), real, complex, flags)!
            let inverse = fftwf_plan_dft_c2r_1d(Int32(size), complex, real, flags)!
            let pair = PlanPair(forward: forward, inverse: inverse)
            cache[size] = pair
            return pair
        }
    }
}
