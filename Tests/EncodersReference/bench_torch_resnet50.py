"""PyTorch peer of Encoders' EmbeddingBenchmark.resnet50: torchvision resnet50 with random weights, eval mode,
2 threads, no_grad, 224x224, timing the forward pass up to the pooled 2048-d features (fc replaced by
identity, as the embedding uses). Prints JSON with images/s.
Run: python3 Tests/EncodersReference/bench_torch_resnet50.py [--batch 8] [--images 32]"""
import argparse, json, time
import torch, torchvision

parser = argparse.ArgumentParser()
parser.add_argument("--batch", type=int, default=8)
parser.add_argument("--images", type=int, default=32)
parser.add_argument("--side", type=int, default=224)
args = parser.parse_args()

torch.set_num_threads(2)
torch.manual_seed(1)
model = torchvision.models.resnet50(weights=None)
model.fc = torch.nn.Identity()
model.eval()
x = torch.randn(args.batch, 3, args.side, args.side)
batches = max(1, -(-args.images // args.batch))
with torch.no_grad():
    model(x)  # warm-up
    start = time.perf_counter()
    for _ in range(batches):
        model(x)
    seconds = time.perf_counter() - start
print(json.dumps({"framework": "torch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                  "batch": args.batch, "side": args.side, "images": batches * args.batch,
                  "seconds": seconds, "images_per_second": batches * args.batch / seconds}))
