"""PyTorch side of `scanselect bench train`: the reference UNet of shared/fixtures/make_fixtures.py (base 16,
5 levels, 1.94 M parameters; class replicated, because importing that script runs it), one training step
(forward, BCE with logits, backward, Adam) at batch 8, 256x256 on 2 CPU threads, and one eval inference; with
--dims 3 the same network with 3-D layers (--levels deep) on patches of --depth slices of side². Prints JSON.
Needs torch; never run in CI.
Usage: python3 bench_torch_unet.py [--steps N] [--batch B] [--side S] [--dims 2|3] [--depth D] [--levels L]"""
import argparse, json, resource, time
import torch, torch.nn as nn


LAYERS = {2: (nn.Conv2d, nn.BatchNorm2d, nn.ConvTranspose2d, nn.functional.max_pool2d),
          3: (nn.Conv3d, nn.BatchNorm3d, nn.ConvTranspose3d, nn.functional.max_pool3d)}


class Block(nn.Sequential):
    def __init__(s, i, o, dims=2):
        Conv, Norm, _, _ = LAYERS[dims]
        super().__init__(Conv(i, o, 3, padding=1), Norm(o), nn.ReLU(True), Conv(o, o, 3, padding=1), Norm(o), nn.ReLU(True))
class UNet(nn.Module):
    def __init__(s, c=16, levels=5, dims=2):
        super().__init__(); ch = [c << i for i in range(levels)]
        Conv, _, Up, s.pool = LAYERS[dims]
        s.down = nn.ModuleList([Block(1 if i == 0 else ch[i-1], ch[i], dims) for i in range(levels)])
        s.up = nn.ModuleList([Up(ch[i], ch[i-1], 2, 2) for i in range(levels - 1, 0, -1)])
        s.dec = nn.ModuleList([Block(2*ch[i-1], ch[i-1], dims) for i in range(levels - 1, 0, -1)]); s.head = Conv(c, 1, 1)
    def forward(s, x):
        skips = []
        for i, b in enumerate(s.down):
            x = b(x)
            if i < len(s.down) - 1: skips.append(x); x = s.pool(x, 2)
        for u, dcd in zip(s.up, s.dec): x = dcd(torch.cat([u(x), skips.pop()], 1))
        return s.head(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--side", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dims", type=int, default=2)
    parser.add_argument("--depth", type=int, default=32)
    parser.add_argument("--levels", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = UNet(levels=args.levels, dims=args.dims); opt = torch.optim.Adam(net.parameters(), 1e-3)
    shape = [args.batch, 1] + ([args.depth] if args.dims == 3 else []) + [args.side, args.side]
    x = torch.randn(*shape); y = (torch.rand(*shape) > 0.5).float()

    def step():
        opt.zero_grad(); loss = nn.functional.binary_cross_entropy_with_logits(net(x), y); loss.backward(); opt.step()

    for _ in range(2): step()
    t = time.perf_counter()
    for _ in range(args.steps): step()
    step_s = (time.perf_counter() - t) / args.steps
    net.eval()
    with torch.no_grad():
        t = time.perf_counter()
        for _ in range(args.steps): net(x)
        infer_s = (time.perf_counter() - t) / args.steps
    print(json.dumps({"engine": "pytorch", "torch": torch.__version__, "threads": args.threads, "batch": args.batch,
                      "side": args.side, "dims": args.dims, "depth": args.depth, "levels": args.levels, "parameters": sum(p.numel() for p in net.parameters()),
                      "seconds_per_step": step_s, "seconds_per_inference": infer_s,
                      "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    main()
