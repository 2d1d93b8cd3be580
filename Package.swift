// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "jailtrace",
    products: [
        .executable(name: "jailtrace", targets: ["jailtrace"]),
        .library(name: "JailTrace", targets: ["JailTrace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System C libraries: a module map and a shim header each, one Swift importer each.
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // glibc's allocator knobs (mmap threshold, trim): header only, nothing to install.
        .systemLibrary(name: "CMalloc"),
        // Intel ISA-L's gzip inflate (about 3x zlib here), loaded at run time: zlib where absent.
        .systemLibrary(name: "CIsal", providers: [.apt(["libisal-dev"])]),
        // Rotated logs compressed with bzip2, xz or zstd (Debian's bzip2 ships no .pc file).
        .systemLibrary(name: "CBzip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),

        // The one Swift wrapper over PCRE2: shared JIT-compiled patterns, per-thread match data.
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        // Discovery, decompression, rotation order, the byte line reader.
        .target(name: "LogInput", dependencies: ["CZlib", "CBzip2", "CLzma", "CZstd", "CIsal"]),
        // Formats (patterns as data), events, time, correlation, the report model.
        .target(name: "JailTrace", dependencies: ["PCRE2", "LogInput", "CSQLite", "CMalloc"]),
        // Text, JSON, HTML, CSV renderers: they see only the report model.
        .target(name: "JailTraceRender", dependencies: ["JailTrace"]),
        // The CLI: argument parsing and wiring.
        .executableTarget(
            name: "jailtrace",
            dependencies: [
                "JailTrace", "JailTraceRender", "LogInput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "LogInputTests", dependencies: ["LogInput", "PCRE2"]),
        .testTarget(
            name: "JailTraceTests",
            dependencies: ["JailTrace", "JailTraceRender", "LogInput", "PCRE2"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
