import Engine
import XCTest

/// Loss values against closed forms and their gradients against finite differences.
final class LossTests: XCTestCase {
    private func checkGradient(_ loss: (Tensor) -> LossValue, logits: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let analytic = loss(logits).gradient
        var worst: Float = 0, scale: Float = 1e-6
        for index in 0..<logits.count {
            var plus = logits, minus = logits
            plus.data[index] += 1e-2
            minus.data[index] -= 1e-2
            let numeric = (Double(loss(plus).value) - Double(loss(minus).value)) / 2e-2
            worst = max(worst, abs(Float(numeric) - analytic.data[index]))
            scale = max(scale, abs(Float(numeric)))
        }
        XCTAssertLessThan(worst / scale, 2e-2, file: file, line: line)
    }

    private let binaryLabels = Tensor(shape: [2, 1, 3, 3], data: [0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0])
    private let classLabels = Tensor(shape: [2, 1, 2, 3], data: [0, 1, 2, 2, 1, 0, 1, 1, 0, 2, 2, 2])

    func testBinaryCrossEntropyMatchesClosedForm() {
        let logits = Tensor(shape: [1, 1, 1, 2], data: [2, -1])
        let labels = Tensor(shape: [1, 1, 1, 2], data: [1, 1])
        let expected = (log(1 + exp(-2.0)) + log(1 + exp(1.0))) / 2
        XCTAssertEqual(Double(SegmentationLoss.binaryCrossEntropy(logits: logits, labels: labels).value), expected, accuracy: 1e-6)
    }

    func testCrossEntropyOfUniformLogitsIsLogClasses() {
        let logits = Tensor(zeros: [2, 3, 2, 3])
        XCTAssertEqual(SegmentationLoss.crossEntropy(logits: logits, labels: classLabels).value, log(3), accuracy: 1e-6)
    }

    func testSoftDiceOfPerfectPredictionIsNearZero() {
        let logits = Tensor(shape: binaryLabels.shape, data: binaryLabels.data.map { $0 > 0 ? 30 : -30 })
        XCTAssertEqual(SegmentationLoss.softDice(logits: logits, labels: binaryLabels).value, 0, accuracy: 1e-5)
    }

    func testGradientsMatchFiniteDifferences() {
        let binary = randomTensor([2, 1, 3, 3], seed: 30)
        checkGradient({ SegmentationLoss.binaryCrossEntropy(logits: $0, labels: self.binaryLabels) }, logits: binary)
        checkGradient({ SegmentationLoss.softDice(logits: $0, labels: self.binaryLabels) }, logits: binary)
        checkGradient({ SegmentationLoss.diceAndCrossEntropy(logits: $0, labels: self.binaryLabels) }, logits: binary)
        let multi = randomTensor([2, 3, 2, 3], seed: 31)
        checkGradient({ SegmentationLoss.crossEntropy(logits: $0, labels: self.classLabels) }, logits: multi)
        checkGradient({ SegmentationLoss.softDice(logits: $0, labels: self.classLabels) }, logits: multi)
        checkGradient({ SegmentationLoss.diceAndCrossEntropy(logits: $0, labels: self.classLabels) }, logits: multi)
    }
}
