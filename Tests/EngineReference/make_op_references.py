"""Reference probes for OpSemanticsTests.swift: each op runs on deterministic inputs x[i] = sin(0.37·i + s)
(s per tensor) and is summarised by probe(y) = Σ y[i]·cos(0.11·i), computed in float64. Prints Swift literals.
Needs torch; the tests only use the printed numbers. Usage: python3 make_op_references.py"""
import math
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def det(shape, s):
    n = math.prod(shape)
    return torch.tensor([math.sin(0.37 * i + s) for i in range(n)]).reshape(shape)


def probe(y):
    y = y.flatten()
    return float(sum(y[i] * math.cos(0.11 * i) for i in range(y.numel())))


x = det([2, 3, 7, 6], 0.0)
cases = {
    "conv_s2_p1_d2": F.conv2d(x, det([4, 3, 3, 3], 1.0), det([4], 2.0), stride=2, padding=1, dilation=2),
    "conv_transpose": F.conv_transpose2d(x, det([3, 2, 2, 2], 3.0), det([2], 4.0), stride=2),
    "batch_norm_train": F.batch_norm(x, None, None, det([3], 5.0), det([3], 6.0), training=True),
    "group_norm": F.group_norm(det([2, 4, 3, 5], 7.0), 2, det([4], 8.0), det([4], 9.0)),
    "layer_norm": F.layer_norm(det([2, 3, 6], 10.0), [6], det([6], 11.0), det([6], 12.0)),
    "gelu": F.gelu(3 * x),
    "softmax": F.softmax(3 * x, dim=-1),
    "max_pool_3_2_1": F.max_pool2d(x, 3, 2, 1),
    "avg_pool_3_2_1": F.avg_pool2d(x, 3, 2, 1),
    "adaptive_avg_4_3": F.adaptive_avg_pool2d(x, (4, 3)),
    "bilinear_9_10": F.interpolate(x, size=(9, 10), mode="bilinear", align_corners=False),
    "linear": F.linear(det([2, 5], 13.0), det([3, 5], 14.0), det([3], 15.0)),
}
for name, y in cases.items():
    print(f'        "{name}": ({list(y.shape)}, {probe(y)!r}),')
bn = torch.nn.BatchNorm2d(3)
bn.train()
bn(x)
print("running_mean", bn.running_mean.tolist(), "running_var", bn.running_var.tolist())
