// swift-tools-version:6.0
import PackageDescription

/// libgit2 and the libraries it uses, linked statically from Debian's libgit2-dev and its dependencies: loading
/// them as 20 shared libraries cost every command about 2.5 ms, a fifth of a `status` (bench/RESULTS.md).
/// Security updates of these libraries reach git-agents when it is built again (`./install.sh`).
/// Kerberos (GSSAPI, for https "Negotiate" authentication) has no static library and stays shared.
/// `--wrap` routes libgit2's parse of the CA bundle through CertificateDeferral, which defers it.
let libgit2Linking: [LinkerSetting] = [
    .unsafeFlags(
        ["libgit2.a", "libssh2.a", "libcrypto.a", "libmbedtls.a", "libmbedx509.a", "libmbedcrypto.a",
         "libhttp_parser.a", "libpcre2-8.a", "libz.a", "libgssapi_krb5.so.2"]
            .flatMap { ["-Xlinker", "-l:\($0)"] }
            + ["-Xlinker", "--wrap=mbedtls_x509_crt_parse_file"],
        .when(platforms: [.linux])
    ),
]

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
        // libgit2's headers; the library itself is linked by GitKit.
        .systemLibrary(name: "Clibgit2"),
        // Defers libgit2's parse of the system CA bundle from git_libgit2_init to the first network operation.
        .target(name: "CertificateDeferral"),
        // The only Swift code that touches libgit2.
        .target(name: "GitKit", dependencies: ["Clibgit2", "CertificateDeferral"], linkerSettings: libgit2Linking),
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
