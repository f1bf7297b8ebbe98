import Foundation
import Testing
@testable import Twitchscope

@Suite struct RealFFTTests {
    @Test func sineLandsInItsBin() {
        let n = 1024
        let fft = RealFFT(size: n)
        for i in 0..<n { fft.real[i] = Float(sin(2 * Double.pi * 37 * Double(i) / Double(n))) }
        fft.forward()
        var power = [Float](repeating: 0, count: fft.binCount)
        for k in 0..<fft.binCount {
            power[k] = fft.complex[2 * k] * fft.complex[2 * k] + fft.complex[2 * k + 1] * fft.complex[2 * k + 1]
        }
        let peak = power.indices.max { power[$0] < power[$1] }!
        #expect(peak == 37)
        // All the energy sits in bin 37: |X| = n/2 for a unit sine.
        #expect(abs(power[37].squareRoot() - Float(n) / 2) < 1e-2 * Float(n))
    }

    @Test func inverseOfForwardScalesBySize() {
        let fft = RealFFT(size: 480)
        let x = (0..<480).map { Float(($0 * 7919) % 101) / 101 - 0.5 }
        for i in 0..<480 { fft.real[i] = x[i] }
        fft.forward()
        fft.inverse()
        for i in 0..<480 { #expect(abs(fft.real[i] / 480 - x[i]) < 1e-5) }
    }

    @Test func goodSizeHasOnlySmallPrimes() {
        #expect(RealFFT.goodSize(atLeast: 1000) == 1000)
        #expect(RealFFT.goodSize(atLeast: 1001) == 1024)
        #expect(RealFFT.goodSize(atLeast: 7) == 8)
    }
}
