#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-epoch learning rate, as torch.optim.lr_scheduler's CosineAnnealingLR and StepLR compute it.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
    case constant
    /// η_min + (η₀ − η_min)·(1 + cos(π·epoch/periodEpochs))/2.
    case cosine(periodEpochs: Int, minimum: Float)
    /// η₀·γ^⌊epoch/stepEpochs⌋.
    case step(stepEpochs: Int, gamma: Float)

    public func learningRate(base: Float, epoch: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .cosine(period, minimum):
            let phase = Float.pi * Float(min(epoch, period)) / Float(max(period, 1))
            return minimum + (base - minimum) * (1 + cos(phase)) / 2
        case let .step(stepEpochs, gamma):
            return base * pow(gamma, Float(epoch / max(stepEpochs, 1)))
        }
    }
}
