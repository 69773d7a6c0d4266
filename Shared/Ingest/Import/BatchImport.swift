import Foundation

/// What a batch import did, file by file.
public struct ImportReport: Sendable {
    public struct Failure: Error, Sendable {
        public let name: String
        public let reason: String
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }
    public var scans: [IngestedScan] = []
    public var labels: [ImportedLabel] = []
    public var failures: [Failure] = []
    public init() {}

    /// One line: new and already-present scans, labels, failures.
    public var summary: String {
        let new = scans.filter(\.isNew).count
        return "scans: \(new) new, \(scans.count - new) already present; labels: \(labels.count); failed: \(failures.count)"
    }
}

/// Folders and manifests imported in-process (the CLI), through the same `Ingestor` and `LabelImporter`
/// the service uses. A failing file is reported and the rest go on.
public struct BatchImport: Sendable {
    public let ingestor: Ingestor
    public let labels: LabelImporter
    public let concurrency: Int
    /// How files are named in the catalog: below the folder imported, or the manifest's folder.
    public let naming: SourceNaming

    public init(ingestor: Ingestor, labels: LabelImporter, concurrency: Int, naming: SourceNaming = .name) {
        self.ingestor = ingestor
        self.labels = labels
        self.concurrency = concurrency
        self.naming = naming
    }

    /// Every file under `directory` (hidden ones excepted); multi-slice DICOM series become one scan each.
    public func folder(_ directory: String, project: String) async -> ImportReport {
        let units = SeriesGrouping.plan(Self.files(under: directory))
        let (ingestor, naming) = (self.ingestor, self.naming)
        let outcomes = await Bounded.map(units, limit: concurrency) { unit in
            await Self.attempt(unit.paths[0]) {
                try await ingestor.ingest(unit, reference: naming.reference(for: unit.paths[0], root: directory), project: project)
            }
        }
        var report = ImportReport()
        for outcome in outcomes {
            switch outcome {
            case let .success(scan): report.scans.append(scan)
            case let .failure(failure): report.failures.append(failure)
            }
        }
        return report
    }

    /// Each manifest row's image (with its split), then its mask if it has one.
    public func manifest(_ file: String, project: String) async throws(IngestError) -> ImportReport {
        let entries = try CSVManifest.read(file)
        let (ingestor, labels, naming) = (self.ingestor, self.labels, self.naming)
        let root = (file as NSString).deletingLastPathComponent
        typealias Outcome = (scan: Result<IngestedScan, ImportReport.Failure>, label: Result<ImportedLabel, ImportReport.Failure>?)
        let outcomes = await Bounded.map(entries, limit: concurrency) { entry -> Outcome in
            let scan = await Self.attempt(entry.image) {
                try await ingestor.ingest(file: entry.image, reference: naming.reference(for: entry.image, root: root),
                                          project: project, split: entry.split)
            }
            guard case let .success(recorded) = scan, let mask = entry.mask else { return (scan, nil) }
            let label = await Self.attempt(mask) {
                try await labels.importLabel(file: mask, name: naming.reference(for: mask, root: root), project: project,
                                             scan: recorded.id.uuidString)
            }
            return (scan, label)
        }
        var report = ImportReport()
        for (scan, label) in outcomes {
            switch scan {
            case let .success(value): report.scans.append(value)
            case let .failure(failure): report.failures.append(failure)
            }
            switch label {
            case let .success(value)?: report.labels.append(value)
            case let .failure(failure)?: report.failures.append(failure)
            case nil: break
            }
        }
        return report
    }

    static func attempt<T: Sendable>(_ name: String, _ body: () async throws -> T) async -> Result<T, ImportReport.Failure> {
        do {
            return .success(try await body())
        } catch {
            return .failure(ImportReport.Failure(name: name, reason: "\(error)"))
        }
    }

    static func files(under directory: String) -> [String] {
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
