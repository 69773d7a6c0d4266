"""Reference probes for VolumeOpsTests.swift: the 3-D ops (Conv3d with stride, padding and dilation,
ConvTranspose3d, MaxPool3d) and a small 3-D U-Net (eval logits, one train-mode BCE loss and the gradient of every
parameter), all in float64 PyTorch on deterministic values x[i] = sin(0.37·i + s), each output summarised by
probe(y) = Σ y[i]·cos(0.11·i). Prints Swift literals; the tests only use the printed numbers.
Needs torch. Usage: python3 make_volume_references.py"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def det(shape, s, scale=1.0):
    n = math.prod(shape)
    return scale * torch.tensor([math.sin(0.37 * i + s) for i in range(n)]).reshape(shape)


def probe(y):
    y = y.flatten()
    return float(sum(y[i] * math.cos(0.11 * i) for i in range(y.numel())))


x = det([2, 3, 5, 6, 7], 0.0)
cases = {
    "conv3d_s2_p1_d2": F.conv3d(x, det([4, 3, 3, 3, 3], 1.0), det([4], 2.0), stride=2, padding=1, dilation=2),
    "conv3d_s1_p1": F.conv3d(x, det([4, 3, 3, 3, 3], 1.0), det([4], 2.0), padding=1),
    "conv_transpose3d": F.conv_transpose3d(x, det([3, 2, 2, 2, 2], 3.0), det([2], 4.0), stride=2),
    "max_pool3d_2": F.max_pool3d(x, 2),
    "max_pool3d_3_2_1": F.max_pool3d(x, 3, 2, 1),
}
for name, y in cases.items():
    print(f'        "{name}": ({list(y.shape)}, {probe(y)!r}),')


class Block(nn.Sequential):
    def __init__(s, i, o):
        super().__init__(nn.Conv3d(i, o, 3, padding=1), nn.BatchNorm3d(o), nn.ReLU(True),
                         nn.Conv3d(o, o, 3, padding=1), nn.BatchNorm3d(o), nn.ReLU(True))


class UNet3d(nn.Module):
    """The U-Net of make_fixtures.py with 3-D layers: base 4 channels, 3 levels."""
    def __init__(s, c=4, levels=3):
        super().__init__()
        ch = [c << i for i in range(levels)]
        s.down = nn.ModuleList([Block(1 if i == 0 else ch[i - 1], ch[i]) for i in range(levels)])
        s.up = nn.ModuleList([nn.ConvTranspose3d(ch[i], ch[i - 1], 2, 2) for i in range(levels - 1, 0, -1)])
        s.dec = nn.ModuleList([Block(2 * ch[i - 1], ch[i - 1]) for i in range(levels - 1, 0, -1)])
        s.head = nn.Conv3d(c, 1, 1)

    def forward(s, x):
        skips = []
        for i, b in enumerate(s.down):
            x = b(x)
            if i < len(s.down) - 1:
                skips.append(x)
                x = F.max_pool3d(x, 2)
        for u, d in zip(s.up, s.dec):
            x = d(torch.cat([u(x), skips.pop()], 1))
        return s.head(x)


net = UNet3d()
with torch.no_grad():
    # Every tensor of the state dict, in name order, from det with s = 0.5·k: weights scaled to keep activations
    # moderate, running variances kept positive.
    for k, (name, tensor) in enumerate(sorted(net.state_dict().items())):
        if name.endswith("num_batches_tracked"):
            continue
        values = det(list(tensor.shape), 0.5 * k, 0.3)
        tensor.copy_(1 + values if name.endswith("running_var") else values)
volume = det([2, 1, 8, 8, 8], 0.25)
target = (det([2, 1, 8, 8, 8], 0.75) > 0.2).double()
net.eval()
with torch.no_grad():
    logits = net(volume)
print(f'    static let unetLogits = ({list(logits.shape)}, {probe(logits)!r})')
net.train()
loss = F.binary_cross_entropy_with_logits(net(volume), target)
loss.backward()
print(f'    static let unetLoss = {loss.item()!r}')
# Per parameter: the gradient's probe and its L1 norm (the scale the probe is compared at).
print('    static let unetGradients: [String: (probe: Double, l1: Double)] = [')
for name, parameter in net.named_parameters():
    print(f'        "{name}": ({probe(parameter.grad)!r}, {float(parameter.grad.abs().sum())!r}),')
print('    ]')
