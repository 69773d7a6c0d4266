import Foundation

/// One row of an import manifest: an image, optionally its mask and split, paths resolved against the
/// manifest's folder.
public struct ManifestEntry: Sendable, Equatable {
    public let line: Int
    public let image: String
    public let mask: String?
    public let split: String
}

/// Import manifests: `image[,mask[,split]]` with or without a header, or any CSV whose header names an
/// `image` column (and optionally `mask`, `split`), which covers the shared cxr-lungs `manifest.csv`
/// (`id,image,mask,…`).
public enum CSVManifest {
    public static func read(_ path: String) throws(IngestError) -> [ManifestEntry] {
        let bytes = try Ingestor.readBytes(path)
        let base = (path as NSString).deletingLastPathComponent
        let rows = CSV.rows(String(decoding: bytes, as: UTF8.self))
        guard let first = rows.first else { return [] }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let named = header.firstIndex(of: "image")
        let columns = (image: named ?? 0,
                       mask: named == nil ? 1 : header.firstIndex(of: "mask"),
                       split: named == nil ? 2 : header.firstIndex(of: "split"))
        var entries: [ManifestEntry] = []
        for row in named == nil ? rows : Array(rows.dropFirst()) {
            func field(_ index: Int?) -> String? {
                guard let index, index < row.fields.count else { return nil }
                let value = row.fields[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            guard let image = field(columns.image) else {
                throw .manifest(file: path, line: row.line, reason: "no image path. Give one image path per row.")
            }
            let split = field(columns.split) ?? "pool"
            guard split == "pool" || split == "test" else {
                throw .manifest(file: path, line: row.line,
                                reason: "split '\(split)' is neither 'pool' nor 'test'. Use one of those or leave it empty.")
            }
            entries.append(ManifestEntry(line: row.line, image: resolve(image, against: base),
                                         mask: field(columns.mask).map { resolve($0, against: base) }, split: split))
        }
        return entries
    }

    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") || base.isEmpty ? path : base + "/" + path
    }
}

/// Label manifests: `scan reference, mask path` per row (a header row naming `mask` is skipped).
public enum LabelManifest {
    public struct Entry: Sendable, Equatable {
        public let scan: String
        public let mask: String
    }

    public static func read(_ path: String) throws(IngestError) -> [Entry] {
        let base = (path as NSString).deletingLastPathComponent
        var entries: [Entry] = []
        for row in CSV.rows(String(decoding: try Ingestor.readBytes(path), as: UTF8.self)) {
            let fields = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if row.line == 1, fields.contains(where: { $0.lowercased() == "mask" }) { continue }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .manifest(file: path, line: row.line, reason: "expected `scan reference, mask path`")
            }
            entries.append(Entry(scan: fields[0], mask: CSVManifest.resolve(fields[1], against: base)))
        }
        return entries
    }
}

/// RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks.
enum CSV {
    struct Row {
        let line: Int
        let fields: [String]
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowStart = 1
        var characters = text.makeIterator()
        var pending: Character? = characters.next()
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowStart, fields: fields)) }
            fields = []
            field = ""
        }
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" { field.append("\""); pending = characters.next() } else { quoted = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowStart = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
