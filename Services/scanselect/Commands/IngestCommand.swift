import ArgumentParser
import Foundation
import Ingest

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Import scans in this process (the ingest-service watches the drop folder).",
        subcommands: [Folder.self, Manifest.self, IngestPull.self, IngestSchedules.self])

    struct Folder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every PNG, NIfTI and DICOM file under a folder.")
        @Argument(help: "Folder to import (recursively; multi-slice DICOM series become one volume each).") var directory: String
        @Option var project: String
        @Option(help: "Files decoded at once.") var concurrency = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "How files are named in the catalog and exports: `name` (the file name alone; folder names often hold patient names) or `relative` (the path below the folder imported).")
        var sourceRef = SourceNaming.name

        func run() async throws {
            let (directory, project) = (self.directory, self.project)
            let report = try await IngestSupport.withImport(concurrency: concurrency, naming: sourceRef) {
                await $0.folder(directory, project: project)
            }
            try IngestSupport.print(report)
        }
    }

    struct Manifest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Images (and masks) listed in a CSV: image[,mask[,split]], or a header with image/mask/split columns.")
        @Argument(help: "CSV file; paths are relative to its folder.") var file: String
        @Option var project: String
        @Option(help: "Files decoded at once.") var concurrency = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "How files are named in the catalog and exports: `name` (the file name alone; folder names often hold patient names) or `relative` (the path below the manifest's folder).")
        var sourceRef = SourceNaming.name

        func run() async throws {
            let (file, project) = (self.file, self.project)
            let report = try await IngestSupport.withImport(concurrency: concurrency, naming: sourceRef) {
                try await $0.manifest(file, project: project)
            }
            try IngestSupport.print(report)
        }
    }
}

extension SourceNaming: ExpressibleByArgument {}
