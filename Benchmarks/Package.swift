// swift-tools-version:6.1
// Benchmarks for jailtrace (ordo-one/benchmark): `swift package --disable-sandbox benchmark`
// from this folder. Inputs come from the deterministic generator (see scripts/bench.sh).
import PackageDescription

let package = Package(
    name: "jailtrace-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "jailtrace", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "JailTraceBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "JailTrace", package: "jailtrace"),
            ],
            path: "Benchmarks/JailTraceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
