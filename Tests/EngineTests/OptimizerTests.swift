import Engine
import XCTest

final class OptimizerTests: XCTestCase {
    /// Adam's first step moves every coordinate by lr·sign(g) (bias correction makes m̂/√v̂ = ±1).
    func testAdamFirstStepIsLearningRateTimesSign() {
        let parameter = Parameter(Tensor(shape: [3], data: [1, 2, 3]))
        parameter.grad = Tensor(shape: [3], data: [0.5, -2, 1e-3])
        let adam = Adam(parameters: [("p", parameter)], Adam.Hyperparameters(learningRate: 0.1))
        adam.step()
        XCTAssertEqual(parameter.value.data[0], 0.9, accuracy: 1e-5)
        XCTAssertEqual(parameter.value.data[1], 2.1, accuracy: 1e-5)
        XCTAssertEqual(parameter.value.data[2], 2.9, accuracy: 1e-4)
    }

    /// AdamW decays the weights directly; Adam's L2 term goes through the moments instead.
    func testDecoupledAndCoupledWeightDecay() {
        let decoupled = Parameter(Tensor(shape: [1], data: [2]))
        Adam(parameters: [("p", decoupled)], .adamW(learningRate: 0.1, weightDecay: 0.5)).step()
        XCTAssertEqual(decoupled.value.data[0], 2 * (1 - 0.05), accuracy: 1e-6)
        let coupled = Parameter(Tensor(shape: [1], data: [2]))
        Adam(parameters: [("p", coupled)], Adam.Hyperparameters(learningRate: 0.1, weightDecay: 0.5)).step()
        XCTAssertEqual(coupled.value.data[0], 1.9, accuracy: 1e-5)
    }

    func testAdamMinimisesAQuadratic() {
        let parameter = Parameter(Tensor(shape: [2], data: [3, -4]))
        let adam = Adam(parameters: [("p", parameter)], Adam.Hyperparameters(learningRate: 0.05))
        for _ in 0..<500 {
            parameter.grad = Tensor(shape: [2], data: parameter.value.data.map { 2 * $0 })
            adam.step()
        }
        XCTAssertLessThan(parameter.value.data.map(abs).max() ?? 1, 0.05)
    }

    func testSchedulesFollowPyTorch() {
        let cosine = LearningRateSchedule.cosine(periodEpochs: 10, minimum: 0.1)
        XCTAssertEqual(cosine.learningRate(base: 1, epoch: 0), 1, accuracy: 1e-6)
        XCTAssertEqual(cosine.learningRate(base: 1, epoch: 5), 0.55, accuracy: 1e-6)
        XCTAssertEqual(cosine.learningRate(base: 1, epoch: 10), 0.1, accuracy: 1e-6)
        let step = LearningRateSchedule.step(stepEpochs: 3, gamma: 0.5)
        XCTAssertEqual(step.learningRate(base: 1, epoch: 2), 1)
        XCTAssertEqual(step.learningRate(base: 1, epoch: 3), 0.5)
        XCTAssertEqual(step.learningRate(base: 1, epoch: 7), 0.25)
    }
}
