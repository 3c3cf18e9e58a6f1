#!/usr/bin/env python3
"""PyTorch-for-Python column of bin/benchmark: the same ResNet-20 training step in PyTorch.

The net mirrors the kit's `Nets.residual(n, A_ZERO_PAD)`: a 3x3 convolution to 16 channels, three
stages of n basic blocks (16, 32, 64 channels; stride 2 at the start of stages 2 and 3, where the
shortcut subsamples and pads the new channels with zeros, option A), global average pooling and a
10-way linear layer. The inputs are random tensors of Fashion-MNIST's shape: throughput does not
depend on pixel values. Prints one JSON line like the kit's ThroughputBenchmark.

Usage: torch_throughput.py [batches] [warmup] [batchSize] [n]
"""
from __future__ import annotations

import json
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.stride, self.extra = stride, cout - cin

    def forward(self, x):
        f = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        s = x[:, :, ::self.stride, ::self.stride] if self.stride > 1 else x
        if self.extra:
            s = F.pad(s, (0, 0, 0, 0, 0, self.extra))   # option A: zero channels, no parameters
        return F.relu(f + s)


def resnet(n: int) -> nn.Module:
    layers, cin = [nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()], 16
    for stage, cout in enumerate((16, 32, 64)):
        for i in range(n):
            layers.append(Block(cin, cout, 2 if stage > 0 and i == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def forward_macs(n: int) -> int:
    """Multiply-adds of one 28x28 image: convolutions and the linear layer (as the kit counts)."""
    macs, size, cin = 28 * 28 * 16 * 9, 28, 16
    for stage, cout in enumerate((16, 32, 64)):
        for i in range(n):
            if stage > 0 and i == 0:
                size = (size + 1) // 2
            macs += size * size * cout * 9 * (cin + cout)
            cin = cout
    return macs + 64 * 10


def main(argv: list[str]) -> None:
    batches, warmup, batch, n = (int(v) for v in (argv + ["30", "5", "128", "3"][len(argv):]))
    torch.manual_seed(42)
    net = resnet(n)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    for i in range(warmup + batches):
        if i == warmup:
            start = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        float(loss)
    seconds = time.perf_counter() - start
    ips = batches * batch / seconds
    macs = forward_macs(n)
    print(json.dumps({"engine": f"PyTorch {torch.__version__} (Python)", "device": "cpu",
                      "depth": 6 * n + 2, "batch_size": batch, "batches": batches, "seconds": seconds,
                      "forward_macs_per_image": macs, "images_per_second": ips,
                      "gflops": ips * 6 * macs / 1e9}))


if __name__ == "__main__":
    main(sys.argv[1:])
