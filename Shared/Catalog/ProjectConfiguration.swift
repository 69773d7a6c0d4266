import Foundation

/// A project's settings, stored as JSON in `projects.config`. Every default follows the paper and can be
/// overridden per project (`scanselect project create --config file.json`).
public struct ProjectConfiguration: Codable, Sendable, Equatable {
    /// Side of the square working grid that scans are resampled to.
    public var workingSize: Int = 256
    /// Label values a mask may contain; 0 is background.
    public var labels: [Int] = [0, 1]
    /// Treat every non-zero label as one foreground class (e.g. both lungs as "lung").
    public var binary: Bool = true
    /// DICOM SEG segment labels (matched without regard to case or surrounding spaces) → project label, for SEGs
    /// from tools that name segments by anatomy (`{"Left Lung": 1, "Right Lung": 2}`). Segments not named here
    /// map as `label N` / `N`, else by segment number.
    public var segmentLabels: [String: Int] = [:]
    public var encoder = EncoderSettings()
    public var coldStart = ColdStartSettings()
    public var activeLearning = ActiveLearningSettings()
    public var training = TrainingSettings()
    public var preprocessing = PreprocessingSettings()

    public init() {}

    /// How ingest brings a scan onto the working grid (README, "Volumes").
    public struct PreprocessingSettings: Codable, Sendable, Equatable {
        /// Millimetres per working pixel in-plane for volumes (a crop or pad around the centre at that scale);
        /// nil fits each volume's larger in-plane side to the working grid, aspect kept. Planes are stretched to
        /// the working square as before (photographs and PNG exports carry no spacing).
        public var spacing: Double?
        public var intensity = IntensityName.auto
        /// Hounsfield units mapped to 0 and 1 with `ct-window` (default: the soft-tissue window, W400 L40).
        public var ctWindow: [Double] = [-160, 240]
        public init() {}

        func validate(source: String) throws(CatalogError) {
            if let spacing, !(spacing > 0 && spacing.isFinite) {
                throw .invalidConfiguration(source: source, reason: "setting 'preprocessing.spacing' must be a positive number of millimetres (or null to fit each volume)")
            }
            guard ctWindow.count == 2, ctWindow[0] < ctWindow[1] else {
                throw .invalidConfiguration(source: source, reason: "setting 'preprocessing.ctWindow' must be [low, high] in HU with low < high, e.g. [-160, 240]")
            }
        }
    }

    public struct EncoderSettings: Codable, Sendable, Equatable {
        public var name = EncoderName.descriptor
        public var weightsPath: String?
        /// A volume is embedded as the mean over this many central slices (with `volume` = `central`).
        public var centralSlices = 5
        public var volume = VolumeAggregateName.central
        public init() {}
    }

    public struct ColdStartSettings: Codable, Sendable, Equatable {
        /// `representative` (the default: the paper's clusters, filled with sub-cluster medoids; see README for
        /// why) or `paper` (cluster-proportional, farthest-point fills), or a baseline.
        public var strategy = ColdStartStrategyName.representative
        public var budget = 16
        public var kMax = 10
        /// `map` (the 2-D t-SNE map, the paper's choice) or `embedding`.
        public var space = SelectionSpace.map
        /// Start clustering by itself once the pool has settled: every scan embedded, `settleSeconds` without a
        /// new arrival, and at least `minimumPool` scans.
        public var automatic = true
        /// Quiet period after the newest arrival before the automatic cold start (a PACS push takes minutes).
        public var settleSeconds = 300
        /// Pool size the automatic cold start waits for; `nil`: four times the budget.
        public var minimumPool: Int?
        /// Scans arriving after the map was built are placed on it; once the pool has grown by this fraction of
        /// the scans the map was built from, it is laid out and clustered again in full (earlier picks and their
        /// reasons stay as recorded). 0 never rebuilds.
        public var mapRebuildGrowth = 0.5
        public var seed: UInt64 = 0
        /// t-SNE needs at least this many scans, and clustering fewer has nothing to show.
        public static let smallestPool = 4
        public init() {}

        public var effectiveMinimumPool: Int { max(Self.smallestPool, minimumPool ?? 4 * budget) }

        /// Whether a map built from `builtFrom` scans is due for a full rebuild now that the pool holds `pool`.
        public func mapRebuildDue(builtFrom: Int, pool: Int) -> Bool {
            mapRebuildGrowth > 0 && builtFrom > 0 && Double(pool - builtFrom) >= mapRebuildGrowth * Double(builtFrom)
        }
    }

    public struct ActiveLearningSettings: Codable, Sendable, Equatable {
        public var strategy = ActiveLearningStrategyName.entropyDiversity
        public var batchSize = 4
        public var lambda = 1.0
        /// Where diversity distances are measured: the pool map, the embeddings, or the current model's features.
        public var space = ActiveLearningSpace.map
        /// Monte-Carlo dropout passes; more than 1 enables BALD.
        public var passes = 1
        /// `bald` needs several passes.
        public var measure = UncertaintyMeasureName.entropy
        /// 0 scores the whole image; otherwise a band of this many pixels around the predicted boundary.
        public var boundaryBand = 0
        /// Scores the predicted foreground and this many pixels (voxels) around it instead: in a volume whose
        /// structure fills a small part, the whole volume's mean is mostly background. nil: `boundaryBand` decides.
        public var foregroundMargin: Int?
        public var reduction = UncertaintyReductionName.mean
        public var seed: UInt64 = 0
        /// Active-learning rounds after round 0 before the project is done: the round that reaches it trains
        /// its model and closes without scoring or picking more scans. `nil` keeps going while scans remain.
        public var maxRounds: Int?
        /// Write the model's prediction for every pick (DICOM SEG or label PNG) for the annotator to correct.
        public var preAnnotate = true
        /// A DICOMweb root (STOW-RS) or `dimse://AE@host:port` (C-STORE) that every round's SEG pre-annotations are
        /// sent to, as a queued `export` job of the ingest-service; nil keeps them in the store (`scanselect export`
        /// sends them by hand).
        public var exportTo: String?
        public init() {}
    }

    public struct TrainingSettings: Codable, Sendable, Equatable {
        /// Training resolution (scans are resampled from the working grid).
        public var side = 128
        public var baseChannels = 16
        public var depth = 4
        public var epochs = 40
        public var batchSize = 8
        public var learningRate = 1e-3
        public var patience = 10
        /// Samples drawn per epoch at least (passes of the labelled set repeat): small rounds still train.
        public var minimumSamplesPerEpoch = 32
        public var dropout = 0.1
        /// Start each round from the previous round's weights.
        public var warmStart = true
        /// 2: the slice U-Net (volumes train slice by slice); 3: the 3-D U-Net on volume patches of
        /// `patchDepth` slices × `side`², sliding-window inference along depth. null lets the trainer choose
        /// from the labelled scans: 3 when every one is a volume at least 2^(depth − 1) voxels along each side,
        /// else 2 (and 2 with BADGE, whose embedding needs the slice network). The default stays 2: on
        /// hippocampus-mr the 3-D network trained twice as long for no better Dice (README, "Volumes").
        public var dimensions: Int? = 2
        /// Slices per 3-D training patch (a multiple of 2^(depth − 1)).
        public var patchDepth = 16
        public var seed: UInt64 = 0
        public init() {}
    }
}

extension ProjectConfiguration {
    /// Decodes a stored or user-written configuration; missing keys, at any depth, keep their defaults.
    public static func decode(_ json: String, source: String) throws(CatalogError) -> ProjectConfiguration {
        do {
            guard let given = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw CatalogError.invalidConfiguration(source: source, reason: "expected a JSON object")
            }
            if let unknown = unknownKeys(in: given, known: try JSONSerialization.jsonObject(with: Data(everyKey.encoded().utf8))).first {
                throw CatalogError.invalidConfiguration(
                    source: source, reason: "unknown setting '\(unknown)'; check its spelling against the README's settings")
            }
            let defaults = try JSONSerialization.jsonObject(with: Data(ProjectConfiguration().encoded().utf8))
            let merged = try JSONSerialization.data(withJSONObject: overlay(given, on: defaults))
            let configuration = try JSONDecoder().decode(ProjectConfiguration.self, from: merged)
            try configuration.preprocessing.validate(source: source)
            return configuration
        } catch let error as CatalogError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidConfiguration(source: source, reason: "setting '\(dotted(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.typeMismatch(type, context) {
            throw .invalidConfiguration(source: source, reason: "setting '\(dotted(context.codingPath))' must be \(type)")
        } catch {
            throw .invalidConfiguration(source: source, reason: "\(error)")
        }
    }

    private static func dotted(_ path: [any CodingKey]) -> String {
        path.map(\.stringValue).joined(separator: ".")
    }

    /// A configuration whose encoding has every key, optional ones included.
    private static var everyKey: ProjectConfiguration {
        var configuration = ProjectConfiguration()
        configuration.encoder.weightsPath = ""
        configuration.activeLearning.maxRounds = 0
        configuration.activeLearning.foregroundMargin = 0
        configuration.activeLearning.exportTo = ""
        configuration.coldStart.minimumPool = 0
        configuration.preprocessing.spacing = 0
        return configuration
    }

    /// Settings whose keys are the user's own (names of segments), not ours to check.
    private static let freeFormKeys: Set<String> = ["segmentLabels"]

    private static func unknownKeys(in given: Any, known: Any, path: String = "") -> [String] {
        guard let given = given as? [String: Any], let known = known as? [String: Any] else { return [] }
        return given.keys.sorted().flatMap { key -> [String] in
            let name = path.isEmpty ? key : path + "." + key
            guard let expected = known[key] else { return [name] }
            guard !freeFormKeys.contains(name) else { return [] }
            return unknownKeys(in: given[key] as Any, known: expected, path: name)
        }
    }

    /// `given` with every key it lacks taken from `defaults`, section by section.
    private static func overlay(_ given: Any, on defaults: Any) -> Any {
        guard let given = given as? [String: Any], let defaults = defaults as? [String: Any] else { return given }
        return defaults.merging(given) { fallback, value in overlay(value, on: fallback) }
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
