import Catalog
import Foundation

/// What an experiment compares and on which data. Each (strategy, seed) pair becomes one project — an arm —
/// whose id derives from the experiment's name, so a rerun finds the arms it already ran.
public struct ExperimentPlan: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Cold start, then `rounds` active-learning rounds; arms differ by active-learning strategy.
        case activeLearning = "active-learning"
        /// One model on each cold-start strategy's round-0 set; arms differ by cold-start strategy.
        case coldStart = "cold-start"
    }

    /// The strategy every other is compared with, seed by seed.
    public static let baseline = "random"

    public var name: String
    /// CSV with image and mask columns (and optionally split), as `scanselect ingest manifest` reads.
    public var manifest: String
    public var mode: Mode = .activeLearning
    /// Active-learning strategies (active-learning mode) or cold-start strategies (cold-start mode).
    public var strategies: [String]
    /// The cold start every active-learning arm begins from (the project default).
    public var coldStart = ProjectConfiguration().coldStart.strategy.rawValue
    public var seeds: [UInt64] = [0]
    /// When set, every arm selects with this seed (cold start and active learning) and only training uses the arm's
    /// seed: the same labelled sets retrained with different training seeds, which measures the noise floor that
    /// differences between strategies have to clear.
    public var selectionSeed: UInt64?
    public var initialBudget = 8
    public var batchSize = 4
    public var rounds = 3
    /// Test scans drawn (with `testSeed`) when the manifest marks none as `test`.
    public var testCount = 20
    public var testSeed: UInt64 = 0
    /// Encoder, working size, labels and training settings; strategies, budgets and seeds are set per arm.
    public var template = ProjectConfiguration()

    public init(name: String, manifest: String, strategies: [String]) {
        self.name = name
        self.manifest = manifest
        self.strategies = strategies
    }

    public func validate() throws(ExperimentError) {
        guard !strategies.isEmpty, Set(strategies).count == strategies.count else {
            throw .invalidPlan("give one or more distinct strategies (got \(strategies))")
        }
        let unknown = mode == .coldStart
            ? strategies.filter { ColdStartStrategyName(spelling: $0) == nil }
            : strategies.filter { ActiveLearningStrategyName(spelling: $0) == nil }
        guard unknown.isEmpty else {
            throw .invalidPlan("unknown \(mode.rawValue) strategies \(unknown): use \(mode == .coldStart ? ColdStartStrategyName.allowed : ActiveLearningStrategyName.allowed)")
        }
        guard ColdStartStrategyName(spelling: coldStart) != nil else {
            throw .invalidPlan("unknown cold start '\(coldStart)': use \(ColdStartStrategyName.allowed)")
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw .invalidPlan("give one or more distinct seeds") }
        guard initialBudget >= 1, batchSize >= 1, rounds >= 0, testCount >= 1 else {
            throw .invalidPlan("budget and batch size must be at least 1, rounds at least 0 and test count at least 1")
        }
        guard !slug.isEmpty else { throw .invalidPlan("name '\(name)' has no letters or digits") }
    }

    /// The name as project ids and folder names allow it.
    public var slug: String { ExperimentArm.slug(name) }

    /// Every arm, seed by seed, so a partial run already compares every strategy on the first seeds.
    public var arms: [ExperimentArm] {
        seeds.flatMap { seed in strategies.map { ExperimentArm(experiment: name, strategy: $0, seed: seed) } }
    }

    /// Rounds each arm trains: round 0 and, in active-learning mode, the rounds after it.
    public var trainedRounds: Int { mode == .activeLearning ? rounds + 1 : 1 }

    /// The arm's project configuration: the template with the arm's strategies, budgets and seed (names that
    /// `validate` refused never get here; the template's own stand in).
    public func configuration(for arm: ExperimentArm) -> ProjectConfiguration {
        var configuration = template
        configuration.coldStart.strategy = ColdStartStrategyName(spelling: mode == .coldStart ? arm.strategy : coldStart)
            ?? template.coldStart.strategy
        configuration.coldStart.budget = initialBudget
        // The experiment starts clustering itself once the whole pool is embedded, never on a partial pool.
        configuration.coldStart.automatic = false
        configuration.coldStart.seed = selectionSeed ?? arm.seed
        configuration.activeLearning.strategy = mode == .activeLearning
            ? ActiveLearningStrategyName(spelling: arm.strategy) ?? template.activeLearning.strategy
            : template.activeLearning.strategy
        configuration.activeLearning.batchSize = batchSize
        configuration.activeLearning.seed = selectionSeed ?? arm.seed
        // The services stop after the last trained round instead of scoring the pool for a round nobody labels.
        configuration.activeLearning.maxRounds = trainedRounds - 1
        configuration.training.seed = arm.seed
        return configuration
    }
}

/// One (strategy, seed) run of an experiment, as one project.
public struct ExperimentArm: Sendable, Equatable, Hashable {
    public let strategy: String
    public let seed: UInt64
    public let projectID: String

    public init(experiment: String, strategy: String, seed: UInt64) {
        self.strategy = strategy
        self.seed = seed
        let suffix = "-\(Self.slug(strategy))-s\(seed)"
        projectID = String(Self.slug(experiment).prefix(63 - suffix.count)) + suffix
    }

    /// Lower-case letters, digits and single dashes: what a project id allows.
    static func slug(_ text: String) -> String {
        let mapped = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return String(mapped).split(separator: "-").joined(separator: "-")
    }
}
