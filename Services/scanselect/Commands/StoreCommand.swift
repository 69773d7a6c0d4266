import ArgumentParser
import Catalog
import Foundation
import TensorStore

/// Housekeeping of the shared tensor store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Tensor store housekeeping.",
                                                    subcommands: [GarbageCollect.self])

    struct GarbageCollect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "List (or with --delete remove) content-addressed tensor files no row references.")
        @Flag(help: "Remove them; without it, only list what would go.") var delete = false
        @Option(help: "Leave files younger than this many seconds (a put whose row is not yet committed).")
        var graceSeconds = 3600.0

        func run() async throws {
            let store = try TensorStore(root: DevStack().storeRoot)
            // Files are listed before the references are read: a file put after the listing is not a candidate,
            // and one whose row commits after the query is protected by the grace period.
            let files = store.contentAddressedFiles()
            let referenced = try await CLIDatabase.with { client, logger in
                try await client.withCatalog(logger: logger) { try await $0.referencedTensorPaths() }
            }
            let garbage = StoreGarbage.find(in: files, referenced: referenced, grace: graceSeconds, now: Date())
            for file in garbage.unreferenced { print(file.path) }
            let summary = "\(garbage.unreferenced.count) of \(files.count) files unreferenced, \(garbage.bytes) bytes"
            if delete {
                print("removed \(store.remove(garbage)) — \(summary)")
            } else {
                print("\(summary) (dry run: pass --delete to remove them)")
            }
        }
    }
}
