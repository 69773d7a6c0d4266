// swift-tools-version:6.0
import PackageDescription

/// Numeric kernels are unusable without optimisation, even in debug test runs, and only
/// vectorise well with AVX2/FMA enabled (see README, "Performance") — in debug builds too: without it the
/// SIMD kernels' fused multiply-adds become library calls, a hundred times slower.
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "haswell"], .when(configuration: .debug)),
    .unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"], .when(configuration: .release)),
]

/// Code that parses untrusted bytes (DICOM, NIfTI, PNG, multipart bodies from the network) keeps its bounds and
/// overflow checks in every build: optimised, but never `-Ounchecked`.
let parserSettings: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-O", "-target-cpu", "haswell"], .when(configuration: .release)),
]

let postgres: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "ScanSelect",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "scanselect", targets: ["ScanSelectCLI"]),
        .executable(name: "ingest-service", targets: ["IngestService"]),
        .executable(name: "embedding-service", targets: ["EmbeddingService"]),
        .executable(name: "clustering-service", targets: ["ClusteringService"]),
        .executable(name: "trainer-service", targets: ["TrainerService"]),
        .executable(name: "selector-service", targets: ["SelectorService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CBLAS", path: "Shared/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Shared/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // C glue over Debian's codecs (libjpeg-turbo, CharLS, OpenJPEG): libjpeg reports errors by longjmp and
        // OpenJPEG reads through C callbacks, neither of which Swift can host directly.
        .target(name: "CCodecs", path: "Shared/CCodecs",
                cSettings: [.unsafeFlags(["-I/usr/include/openjpeg-2.5"])],
                linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("charls"), .linkedLibrary("openjp2")]),

        // MARK: Storage and queue
        .target(name: "SafeTensors", path: "Shared/SafeTensors"),
        .target(name: "TensorStore",
                dependencies: ["SafeTensors", .product(name: "Crypto", package: "swift-crypto")],
                path: "Shared/TensorStore"),
        .target(name: "Database", dependencies: [postgres, logging], path: "Shared/Database"),
        .target(name: "JobQueue", dependencies: ["Database", "TensorStore", postgres, logging], path: "Shared/JobQueue"),
        .target(name: "Catalog", dependencies: ["Database", "JobQueue", postgres, logging],
                path: "Shared/Catalog"),
        .target(name: "Telemetry", dependencies: [.product(name: "Metrics", package: "swift-metrics")],
                path: "Shared/Telemetry"),
        .target(name: "ServiceRuntime",
                dependencies: [
                    "Database", "JobQueue", "TensorStore", "Telemetry", postgres, logging,
                    .product(name: "Metrics", package: "swift-metrics"),
                    .product(name: "Prometheus", package: "swift-prometheus"),
                    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                    .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                    .product(name: "Hummingbird", package: "hummingbird"),
                ],
                path: "Shared/ServiceRuntime"),

        // MARK: Numerics
        .target(name: "NumericSupport", dependencies: ["CBLAS"], path: "Shared/NumericSupport", swiftSettings: numericSettings),
        .target(name: "Imaging", dependencies: ["CCodecs", "CZlib", "NumericSupport"], path: "Shared/Imaging", swiftSettings: parserSettings),
        .target(name: "Phantoms", dependencies: ["Imaging", "NumericSupport"], path: "Shared/Phantoms", swiftSettings: numericSettings),
        .target(name: "Ingest", dependencies: ["Catalog", "Imaging", "JobQueue", "SafeTensors", "TensorStore", "Telemetry",
                                               postgres, logging,
                                               .product(name: "NIOCore", package: "swift-nio"),
                                               .product(name: "NIOPosix", package: "swift-nio"),
                                               .product(name: "Crypto", package: "swift-crypto")],
                path: "Shared/Ingest", swiftSettings: parserSettings),
        .target(name: "Engine", dependencies: ["CBLAS", "NumericSupport", "SafeTensors", "SegmentationMetrics"], path: "Shared/Engine",
                swiftSettings: numericSettings),
        .target(name: "Encoders", dependencies: ["Engine", "NumericSupport", "SafeTensors", .product(name: "Crypto", package: "swift-crypto")], path: "Shared/Encoders",
                swiftSettings: numericSettings),
        .target(name: "SegmentationMetrics", dependencies: ["NumericSupport"], path: "Shared/SegmentationMetrics", swiftSettings: numericSettings),
        .target(name: "Uncertainty", path: "Shared/Uncertainty", swiftSettings: numericSettings),
        .target(name: "Selection", dependencies: ["CBLAS", "NumericSupport"], path: "Shared/Selection", swiftSettings: numericSettings),
        .target(name: "Rounds", dependencies: ["Catalog", "Engine", "Encoders", "Imaging", "NumericSupport", "Selection", "Uncertainty", "SegmentationMetrics",
                                        "TensorStore", "SafeTensors", "JobQueue", postgres, logging],
                path: "Shared/Rounds", swiftSettings: numericSettings),
        .target(name: "WriteBack", dependencies: ["Catalog", "Imaging", "Ingest", "JobQueue", "TensorStore", postgres, logging],
                path: "Shared/WriteBack"),
        .target(name: "Experiments", dependencies: ["Catalog", "Database", "Imaging", "JobQueue", "TensorStore", "SegmentationMetrics", "Selection",
                                             "Ingest", "Rounds", "NumericSupport", postgres, logging],
                path: "Shared/Experiments"),

        // MARK: Worklist folders for annotators without a PACS viewer (`scanselect worklist`)
        .target(name: "Worklist", dependencies: ["Catalog", "Imaging", "Ingest", "Rounds", "TensorStore", "Uncertainty", postgres, logging],
                path: "Shared/Worklist"),

        // MARK: The web console (`scanselect console`)
        .target(name: "Console", dependencies: ["Catalog", "Engine", "Imaging", "Ingest", "JobQueue", "Rounds", "Selection", "TensorStore",
                                                "Uncertainty", postgres, logging,
                                                .product(name: "Hummingbird", package: "hummingbird"),
                                                .product(name: "HTTPTypes", package: "swift-http-types"),
                                                .product(name: "Crypto", package: "swift-crypto")],
                path: "Shared/Console"),

        // MARK: Benchmarks (the CLI's `bench` runs them; no service links them)
        .target(name: "Benchmarks", dependencies: ["Engine", "Encoders", "Imaging", "NumericSupport", "SegmentationMetrics",
                                                   "Selection"],
                path: "Shared/Benchmarks", swiftSettings: numericSettings),

        // MARK: Executables
        .executableTarget(name: "IngestService",
                          dependencies: ["ServiceRuntime", "Catalog", "Database", "Ingest", "WriteBack", postgres, logging,
                                         .product(name: "Hummingbird", package: "hummingbird")],
                          path: "Services/ingest-service"),
        .executableTarget(name: "EmbeddingService", dependencies: ["ServiceRuntime", "Rounds"],
                          path: "Services/embedding-service"),
        .executableTarget(name: "ClusteringService", dependencies: ["ServiceRuntime", "Rounds"],
                          path: "Services/clustering-service"),
        .executableTarget(name: "TrainerService", dependencies: ["ServiceRuntime", "Rounds"],
                          path: "Services/trainer-service"),
        .executableTarget(name: "SelectorService",
                          dependencies: ["ServiceRuntime", "Rounds"],
                          path: "Services/selector-service"),
        .executableTarget(name: "ScanSelectCLI",
                          dependencies: ["Catalog", "JobQueue", "Database", "Selection", "Ingest", "Rounds", "TensorStore", "WriteBack",
                                         postgres, logging,
                                         "Engine", "Encoders", "SegmentationMetrics", "Phantoms", "Experiments", "Imaging", "NumericSupport",
                                         "Benchmarks", "Console", "Worklist", argumentParser],
                          path: "Services/scanselect"),

        // MARK: Tests
        // Fixtures, reference peers and tolerances for every test target; TestSupport adds a real PostgreSQL.
        .target(name: "TestFixtures", path: "Tests/TestFixtures"),
        .target(name: "TestSupport", dependencies: ["Database", "TestFixtures", postgres, logging], path: "Tests/TestSupport"),

        // Fast tests: no database, no Orthanc, no services (`swift test --skip IntegrationTests` runs only these).
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "JobQueue"], path: "Tests/CatalogTests"),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Imaging"], path: "Tests/IngestTests"),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Catalog", "Imaging", "Selection"], path: "Tests/ExperimentsTests"),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "TensorStore", "TestFixtures"],
                    path: "Tests/SafeTensorsTests"),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "NumericSupport", "TestFixtures"], path: "Tests/ImagingTests"),
        .testTarget(name: "PhantomsTests", dependencies: ["Phantoms", "Imaging"], path: "Tests/PhantomsTests"),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "NumericSupport", "SafeTensors", "TestFixtures"],
                    path: "Tests/EngineTests"),
        .testTarget(name: "EncodersTests", dependencies: ["Encoders", "Engine", "NumericSupport", "SafeTensors", "TestFixtures"],
                    path: "Tests/EncodersTests"),
        .testTarget(name: "SegmentationMetricsTests", dependencies: ["SegmentationMetrics", "NumericSupport", "TestFixtures"],
                    path: "Tests/SegmentationMetricsTests"),
        .testTarget(name: "UncertaintyTests", dependencies: ["Uncertainty", "TestFixtures"], path: "Tests/UncertaintyTests"),
        .testTarget(name: "SelectionTests", dependencies: ["Selection", "NumericSupport", "TestFixtures"], path: "Tests/SelectionTests"),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Uncertainty", .product(name: "Crypto", package: "swift-crypto")],
                    path: "Tests/ConsoleTests"),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "TestFixtures"], path: "Tests/BenchmarksTests"),

        // Integration tests: a real PostgreSQL (TEST_DATABASE_URL or a private cluster), Orthanc, service processes.
        .testTarget(name: "PipelineIntegrationTests",
                    dependencies: ["Catalog", "Database", "JobQueue", "TensorStore", "SafeTensors", "TestSupport", postgres,
                                   logging],
                    path: "Tests/PipelineIntegrationTests"),
        .testTarget(name: "QueueIntegrationTests",
                    dependencies: ["JobQueue", "Database", "ServiceRuntime", "TestSupport", "TensorStore", postgres, logging],
                    path: "Tests/QueueIntegrationTests"),
        .testTarget(name: "IngestIntegrationTests",
                    dependencies: ["Ingest", "Catalog", "Database", "TensorStore", "Imaging", "SafeTensors", "TestSupport",
                                   "TestFixtures", "WriteBack", postgres, logging],
                    path: "Tests/IngestIntegrationTests"),
        .testTarget(name: "RoundsIntegrationTests",
                    dependencies: ["Rounds", "Catalog", "Database", "Engine", "JobQueue", "ServiceRuntime", "TensorStore",
                                   "SafeTensors", "SegmentationMetrics", "Imaging", "Ingest", "Uncertainty", "TestSupport",
                                   "TestFixtures", "Worklist", postgres, logging],
                    path: "Tests/RoundsIntegrationTests"),
        .testTarget(name: "ConsoleIntegrationTests",
                    dependencies: ["Experiments", "Phantoms", "Catalog", "Database", "TensorStore", "TestSupport", "TestFixtures",
                                   postgres, logging],
                    path: "Tests/ConsoleIntegrationTests"),
        .testTarget(name: "ExperimentsIntegrationTests",
                    dependencies: ["Experiments", "Phantoms", "Catalog", "Database", "Imaging", "SegmentationMetrics", "TensorStore",
                                   "TestFixtures", "TestSupport", postgres],
                    path: "Tests/ExperimentsIntegrationTests"),
    ]
)

// Every file imports what it uses (SE-0444), so the dependency lists above are the real graph: a module used
// only through another module's transitive import fails to build.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
