// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "twitchscope",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Twitchscope", targets: ["Twitchscope"]),
        .executable(name: "twitchscope", targets: ["TwitchscopeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // FFTW 3 (float and double) from the system: Debian's libfftw3-dev.
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .target(
            name: "Twitchscope",
            dependencies: [
                "CFFTW",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // The per-sample loops touch class properties; Swift's dynamic exclusivity
            // checks there cost a third of the analysis time (perf). Debug builds and the
            // tests keep them on and catch violations.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "TwitchscopeCLI",
            dependencies: [
                "Twitchscope",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TwitchscopeTests",
            dependencies: ["Twitchscope"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
