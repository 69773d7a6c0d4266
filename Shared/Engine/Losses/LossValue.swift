/// A scalar loss and its gradient with respect to the logits it was computed from.
public struct LossValue: Sendable {
    public var value: Float
    public var gradient: Tensor

    public static func + (a: LossValue, b: LossValue) -> LossValue {
        LossValue(value: a.value + b.value, gradient: Elementwise.zip(a.gradient, b.gradient, +))
    }
}
