// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "git-agents",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-agents", targets: ["git-agents"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // Defers libgit2's parse of the system CA bundle from git_libgit2_init to the first network operation.
        .target(name: "CertificateDeferral", linkerSettings: [.linkedLibrary("mbedx509")]),
        // The only Swift code that touches libgit2.
        .target(name: "GitKit", dependencies: ["Clibgit2", "CertificateDeferral"]),
        // The domain: sessions, configuration, planning, supervisor. No C in here.
        .target(
            name: "GitAgentsKit",
            dependencies: ["GitKit"],
            // Glibc's GNU extensions (setsid spawning, chdir in spawn, CPU affinity) need _GNU_SOURCE.
            swiftSettings: [.unsafeFlags(["-Xcc", "-D_GNU_SOURCE"])]
        ),
        // Argument parsing, tables, JSON and TTY output.
        .target(
            name: "GitAgentsCLI",
            dependencies: [
                "GitAgentsKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "git-agents",
            dependencies: ["GitAgentsCLI"],
            // LLVM's linker, shipped with Swift: its layout of the 85 MB binary starts every command ~0.8 ms sooner
            // than gold's (fewer pages mapped at each fault; bench/RESULTS.md).
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))]
        ),
        // Helpers shared by the test targets (a scratch repository made with the real git CLI).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
        .testTarget(name: "GitAgentsKitTests", dependencies: ["GitAgentsKit", "GitKit", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GitKit"]),
    ]
)
