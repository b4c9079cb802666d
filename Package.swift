// swift-tools-version: 6.1
// Plugins/ holds summit *command plugins* (ordinary library targets declared with `path:`),
// not SwiftPM package plugins.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "summit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "summit", targets: ["summit"]),
        .executable(name: "summit-pack", targets: ["summit-pack"]),
        .library(name: "SummitKit", targets: ["SummitKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Core: values, entities, registry, commands, rendering, the script runner.
        .target(name: "SummitKit", swiftSettings: swiftSettings),
        // The pack reader (YAML via Yams) and validator.
        .target(
            name: "SummitPacks",
            dependencies: ["SummitKit", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // The built-in seeds, compiled from seeds/*.yaml by `seedc`.
        .target(name: "SummitSeeds", dependencies: ["SummitKit"], swiftSettings: swiftSettings),
        // Reads plugin directories (YAML) for `summit`, which does not link Yams: docs/PLUGINS.md.
        // Not a dependency of `summit`: SwiftPM would link its libraries (Yams) into summit.
        // `swift build` builds both; summit looks for it in its own directory.
        .executableTarget(name: "summit-pack", dependencies: ["SummitKit", "SummitPacks"], path: "Sources/summit-pack", swiftSettings: swiftSettings),
        // Packs and external plugins at run time: the summit-pack client, child processes, the
        // JSON-lines protocol. No Foundation.
        .target(name: "PluginHost", dependencies: ["SummitKit"], swiftSettings: swiftSettings),
        // Regenerates Sources/SummitSeeds/SeedData.swift from seeds/.
        .executableTarget(name: "seedc", dependencies: ["SummitKit", "SummitPacks"], swiftSettings: swiftSettings),

        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "LineEditor", dependencies: ["CLibEdit"], swiftSettings: swiftSettings),

        // Command plugins.
        .target(name: "Timeline", dependencies: ["SummitKit"], path: "Plugins/Timeline", swiftSettings: swiftSettings),
        .target(name: "Funding", dependencies: ["SummitKit"], path: "Plugins/Funding", swiftSettings: swiftSettings),
        .target(name: "Governance", dependencies: ["SummitKit"], path: "Plugins/Governance", swiftSettings: swiftSettings),
        .target(name: "Partnership", dependencies: ["SummitKit"], path: "Plugins/Partnership", swiftSettings: swiftSettings),

        .executableTarget(
            name: "summit",
            dependencies: [
                "SummitKit", "SummitSeeds", "LineEditor", "PluginHost",
                "Timeline", "Funding", "Governance", "Partnership",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            // Release builds are one static executable (libedit, its terminfo, libstdc++ and glibc
            // linked in): no dynamic loader work at start-up, about 1.5 ms of a 4 ms run
            // (docs/ARCHITECTURE.md, bench/README.md). Debug builds, which the tests run, stay dynamic.
            linkerSettings: [
                .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("tinfo", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("bsd", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("md", .when(platforms: [.linux], configuration: .release)),
                // FoundationEssentials (through swift-argument-parser) needs these after it.
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux], configuration: .release)),
            ]),

        // In-process micro-benchmarks for bench/run (completion with a million entities).
        .executableTarget(name: "summit-bench", dependencies: ["SummitKit"], path: "bench/Sources/summit-bench", swiftSettings: swiftSettings),

        .testTarget(name: "SummitKitTests", dependencies: ["SummitKit"], swiftSettings: swiftSettings),
        .testTarget(name: "SummitPacksTests", dependencies: ["SummitKit", "SummitPacks", "SummitSeeds"], swiftSettings: swiftSettings),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"], swiftSettings: swiftSettings),
        .testTarget(name: "PluginHostTests", dependencies: ["PluginHost", "SummitKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PluginTests",
            dependencies: ["SummitKit", "SummitSeeds", "Timeline", "Funding", "Governance", "Partnership"],
            swiftSettings: swiftSettings),
        // Run the built `summit` binary: scripts, -c, stdin, and a real pseudo-terminal.
        .testTarget(name: "EndToEndTests", dependencies: ["summit", "summit-pack"], swiftSettings: swiftSettings),
    ]
)
