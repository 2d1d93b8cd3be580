// swift-tools-version:6.1
// libFuzzer targets for jailtrace ("Hostile and damaged input"). Build only from this directory:
//   swift build -c debug --sanitize fuzzer --sanitize address -Xswiftc -parse-as-library
// Each target is an executable with only `LLVMFuzzerTestOneInput` (libFuzzer supplies `main`).
import PackageDescription

let jailTrace: Target.Dependency = .product(name: "JailTrace", package: "jailtrace")

let package = Package(
    name: "jailtrace-fuzz",
    dependencies: [
        .package(name: "jailtrace", path: "../"),
    ],
    targets: [
        .executableTarget(name: "FuzzLine", dependencies: [jailTrace]),
        // LogInput is not a product of jailtrace; its module is built for the JailTrace product
        // (JailTrace has `public import LogInput`), so it is importable from here.
        .executableTarget(name: "FuzzDecompress", dependencies: [jailTrace]),
        .executableTarget(name: "FuzzJailConfig", dependencies: [jailTrace]),
        .executableTarget(name: "FuzzPipeline", dependencies: [jailTrace]),
    ]
)
