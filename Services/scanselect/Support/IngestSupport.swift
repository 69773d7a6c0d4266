import Foundation
import Ingest
import Logging
import PostgresNIO
import TensorStore

/// The in-process ingest library on the CLI's database and the stack's tensor store.
enum IngestSupport {
    static func withImport<T: Sendable>(concurrency: Int, naming: SourceNaming = .name,
                                        _ body: @escaping @Sendable (BatchImport) async throws -> T) async throws -> T {
        let store = try TensorStore(root: DevStack().storeRoot)
        return try await CLIDatabase.with { client, logger in
            try await body(BatchImport(ingestor: Ingestor(client: client, store: store, logger: logger),
                                       labels: LabelImporter(client: client, store: store, logger: logger),
                                       concurrency: concurrency, naming: naming))
        }
    }

    /// Prints what was imported and every failure; fails the command when anything failed (or, with
    /// `partialSuccess`, only when nothing was imported: a pull reports the series it could not get and goes on).
    static func print(_ report: ImportReport, partialSuccess: Bool = false) throws {
        Swift.print(report.summary)
        for failure in report.failures { Swift.print("FAILED \(failure.reason)") }
        if !report.failures.isEmpty, !partialSuccess || report.scans.isEmpty { throw ImportFailed(count: report.failures.count) }
    }

    struct ImportFailed: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) input(s) failed; fix them and run the import again (done ones are skipped)" }
    }
}
