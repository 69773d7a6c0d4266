import Foundation

/// The results CSV: one line per (strategy, seed, round), appended as rounds are evaluated. Reading it back
/// tells a resumed experiment which rounds are done; a round is never written twice.
public struct ResultsFile: Sendable {
    public static let header = "strategy,seed,round,labelled,dice,iou,hd,hd95,assd,unit,undefined_distances,"
        + "train_seconds,wall_seconds,project,effort_pixels,effort_contour,dice_by_label,hd95_by_label"
    public let path: String

    public init(path: String) { self.path = path }

    public func read() throws -> [ResultRow] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var rows: [ResultRow] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() where number > 0 {
            rows.append(try Self.parse(String(line), line: number + 1, path: path))
        }
        // A line for the same round twice (a crash between write and bookkeeping) counts once.
        var seen: Set<ResultRow.Key> = []
        return rows.filter { seen.insert($0.key).inserted }
    }

    public func append(_ row: ResultRow) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try (Self.header + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((Self.format(row) + "\n").utf8))
    }

    static func format(_ row: ResultRow) -> String {
        let metrics = row.metrics.map { $0.map { String(format: "%.6f", $0) } ?? "" }
        return ([row.strategy, "\(row.seed)", "\(row.round)", "\(row.labelled)"] + metrics
            + [row.unit, "\(row.undefinedDistances)", String(format: "%.3f", row.trainSeconds),
               String(format: "%.3f", row.wallSeconds), row.project]
            + [row.effortPixels, row.effortContour].map { $0.map { String(format: "%.6f", $0) } ?? "" }
            + [byLabel(row.byLabel.map { ($0.name, $0.dice) }), byLabel(row.byLabel.map { ($0.name, $0.hausdorff95) })])
            .joined(separator: ",")
    }

    /// `1=0.812000;2=0.790000;union=0.850000`, a value missing as `n/a`: one CSV field.
    private static func byLabel(_ values: [(String, Double?)]) -> String {
        values.map { name, value in name + "=" + (value.map { String(format: "%.6f", $0) } ?? "n/a") }.joined(separator: ";")
    }

    private static func parseByLabel(_ field: String) -> [(name: String, value: Double?)]? {
        var values: [(name: String, value: Double?)] = []
        for entry in field.split(separator: ";") {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1] == "n/a" || Double(parts[1]) != nil else { return nil }
            values.append((String(parts[0]), Double(parts[1])))
        }
        return values
    }

    static func parse(_ line: String, line number: Int, path: String) throws(ExperimentError) -> ResultRow {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // 14 or 16 columns: a file from before the effort or per-label columns, still read (and appended to) as it is.
        guard [14, 16, 18].contains(fields.count), let seed = UInt64(fields[1]), let round = Int(fields[2]), let labelled = Int(fields[3]),
              let undefined = Int(fields[10]), let train = Double(fields[11]), let wall = Double(fields[12]) else {
            throw .unreadableResults(path: path, line: number, reason: "expected the 18 columns of `\(header)`")
        }
        var byLabel: [ResultRow.LabelScore] = []
        if fields.count == 18 {
            guard let dice = parseByLabel(fields[16]), let hd95 = parseByLabel(fields[17]), dice.map(\.name) == hd95.map(\.name) else {
                throw .unreadableResults(path: path, line: number, reason: "dice_by_label and hd95_by_label must list the same labels as `label=value;…`")
            }
            byLabel = zip(dice, hd95).map { ResultRow.LabelScore(name: $0.name, dice: $0.value, hausdorff95: $1.value) }
        }
        let metrics = fields[4...8].map { Double($0) }
        return ResultRow(strategy: fields[0], seed: seed, round: round, labelled: labelled, metrics: metrics,
                         unit: fields[9], undefinedDistances: undefined, trainSeconds: train, wallSeconds: wall,
                         project: fields[13], effortPixels: fields.count >= 16 ? Double(fields[14]) : nil,
                         effortContour: fields.count >= 16 ? Double(fields[15]) : nil, byLabel: byLabel)
    }
}
