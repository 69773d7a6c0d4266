/// Everything that determines a training run; with the same samples and seed a run is reproducible.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    public var model: UNetConfiguration
    public var epochs: Int
    public var batchSize: Int
    /// Side of the square the samples are letterboxed to (a multiple of model.sizeMultiple).
    public var side: Int
    public var optimizer: Adam.Hyperparameters
    public var schedule: LearningRateSchedule
    /// Share of samples held out for validation Dice (at least one when there are two or more samples).
    public var validationFraction: Float
    /// Epochs without a better validation Dice before stopping.
    public var patience: Int
    /// An epoch draws at least this many samples, cycling through freshly shuffled passes of the training
    /// set: a handful of labelled scans then still gets enough optimiser steps per epoch for early stopping
    /// to judge it (0: one pass per epoch).
    public var minimumSamplesPerEpoch: Int
    public var augmentation: Augmentation
    /// Slices of a 3-D network's training patch (a multiple of model.sizeMultiple); 2-D networks ignore it.
    public var patchDepth: Int
    public var seed: UInt64

    public init(model: UNetConfiguration = UNetConfiguration(), epochs: Int = 40, batchSize: Int = 4, side: Int = 256,
                optimizer: Adam.Hyperparameters = .adamW(learningRate: 1e-3, weightDecay: 1e-4),
                schedule: LearningRateSchedule? = nil, validationFraction: Float = 0.2, patience: Int = 8,
                minimumSamplesPerEpoch: Int = 0, augmentation: Augmentation = Augmentation(), patchDepth: Int = 16,
                seed: UInt64 = 0) {
        self.model = model
        self.epochs = epochs
        self.batchSize = batchSize
        self.side = side
        self.optimizer = optimizer
        self.schedule = schedule ?? .cosine(periodEpochs: epochs, minimum: optimizer.learningRate / 100)
        self.validationFraction = validationFraction
        self.patience = patience
        self.minimumSamplesPerEpoch = minimumSamplesPerEpoch
        self.augmentation = augmentation
        self.patchDepth = patchDepth
        self.seed = seed
    }

    func validate() throws(EngineError) {
        try model.validate()
        guard epochs >= 1, batchSize >= 1, side >= model.sizeMultiple, side % model.sizeMultiple == 0,
              (0..<1).contains(validationFraction), patience >= 1, minimumSamplesPerEpoch >= 0,
              model.dimensions == 2 || (patchDepth >= model.sizeMultiple && patchDepth % model.sizeMultiple == 0) else {
            throw .invalidInput("training configuration out of range: epochs, batch size and patience ≥ 1, side (and a 3-D patch depth) a multiple of \(model.sizeMultiple), validation fraction in [0, 1), minimum samples per epoch ≥ 0")
        }
    }
}

/// What the trainer reports after each epoch.
public struct EpochReport: Sendable, Equatable {
    /// Zero-based epoch index.
    public var epoch: Int
    public var trainingLoss: Float
    public var validationDice: Float
    public var learningRate: Float
    public var improved: Bool
}
