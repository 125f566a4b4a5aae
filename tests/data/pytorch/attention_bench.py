#!/usr/bin/python3
"""Times the forward + backward pass of one training batch of issue 12's attention models in PyTorch on the CPU and,
in the same run, in our engine (`neuroai-sim bench attention --json`), and prints both with the ratio.

The PyTorch models are written out with the same architecture and sizes as engine/nn (not torch.nn.Transformer*,
whose layout differs): pre-norm blocks of LayerNorm (eps 1e-5) -> multi-head self-attention with biased q, k, v and
output maps -> residual, LayerNorm -> Linear -> GELU (tanh form) -> Linear -> residual; the ViT embeds 4x4 patches of
16x16 images with a Linear map, prepends a learned [CLS] token, adds learned positions, and classifies [CLS] after a
final LayerNorm; the sequence model embeds tokens, adds learned positions, runs causal blocks, and predicts every
position after a final LayerNorm; the vanilla RNN is h_t = tanh(W_x e_t + W_h h_(t-1) + b) with a linear readout.
One operation is: zero the gradients, forward the batch, mean cross-entropy, backward (no optimiser step), as in the
engine's benchmark. PyTorch gets one thread (torch.set_num_threads(1)), like our engine, and is timed in float64
(our precision) and float32 (its usual one); each figure is the median of 5 repetitions after a warm-up.

Run with Debian's interpreter (python3-torch 1.13):
    /usr/bin/python3 tests/data/pytorch/attention_bench.py --sim build/release/bin/neuroai-sim [--seconds 2]
"""

import argparse
import json
import math
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, hidden, causal):
        super().__init__()
        self.n1, self.n2 = nn.LayerNorm(d, eps=1e-5), nn.LayerNorm(d, eps=1e-5)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.f1, self.f2 = nn.Linear(d, hidden), nn.Linear(hidden, d)
        self.heads, self.causal = heads, causal

    def forward(self, x):
        b, t, d = x.shape
        dh = d // self.heads
        y = self.n1(x)
        q = self.q(y).view(b, t, self.heads, dh).transpose(1, 2)
        k = self.k(y).view(b, t, self.heads, dh).transpose(1, 2)
        v = self.v(y).view(b, t, self.heads, dh).transpose(1, 2)
        s = q @ k.transpose(-1, -2) / math.sqrt(dh)
        if self.causal:
            s = s.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
        o = (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.o(o)
        return x + self.f2(F.gelu(self.f1(self.n2(x)), approximate="tanh"))


class Vit(nn.Module):
    def __init__(self, size=16, patch=4, d=32, heads=2, layers=2, hidden=64, classes=4):
        super().__init__()
        self.patch, self.n = patch, (size // patch) ** 2
        self.embed = nn.Linear(patch * patch, d)
        self.cls = nn.Parameter(0.02 * torch.randn(1, 1, d))
        self.pos = nn.Parameter(0.02 * torch.randn(1, self.n + 1, d))
        self.blocks = nn.ModuleList(Block(d, heads, hidden, False) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(d, eps=1e-5), nn.Linear(d, classes)

    def forward(self, images):  # B x size x size
        b, s, _ = images.shape
        p = self.patch
        patches = images.view(b, s // p, p, s // p, p).permute(0, 1, 3, 2, 4).reshape(b, self.n, p * p)
        x = torch.cat([self.cls.expand(b, -1, -1), self.embed(patches)], dim=1) + self.pos
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x[:, 0]))


class SequenceTransformer(nn.Module):
    def __init__(self, vocab=9, length=40, d=32, heads=2, layers=2, hidden=64):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(1, length, d))
        self.blocks = nn.ModuleList(Block(d, heads, hidden, True) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(d, eps=1e-5), nn.Linear(d, vocab)

    def forward(self, tokens):  # B x T
        x = self.embed(tokens) + self.pos[:, : tokens.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))


class VanillaRnn(nn.Module):
    def __init__(self, vocab=9, embedding=32, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab, embedding)
        self.rnn = nn.RNN(embedding, hidden, nonlinearity="tanh", batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        return self.out(self.rnn(self.embed(tokens))[0])


def median_seconds(step, seconds):
    step()  # warm-up
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            step()
        if time.perf_counter() - start >= seconds / 5 or n > 1 << 20:
            break
        n *= 2
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            step()
        times.append((time.perf_counter() - start) / n)
    return sorted(times)[2]


def torch_figures(dtype, seconds):
    torch.manual_seed(1)
    out = {}
    vit = Vit().to(dtype)
    images = torch.randn(32, 16, 16, dtype=dtype)
    labels = torch.randint(0, 4, (32,))

    def vit_step():
        vit.zero_grad(set_to_none=False)
        F.cross_entropy(vit(images), labels).backward()

    out["attention/vit"] = median_seconds(vit_step, seconds)
    tokens = torch.randint(0, 8, (16, 40))
    tokens[:, 20:] = 8
    targets = torch.cat([torch.full((16, 20), -100), tokens[:, :20]], dim=1)
    for name, model in (("attention/sequence", SequenceTransformer()), ("attention/rnn", VanillaRnn())):
        model = model.to(dtype)

        def seq_step(model=model):
            model.zero_grad(set_to_none=False)
            logits = model(tokens)
            F.cross_entropy(logits.reshape(-1, 9), targets.reshape(-1), ignore_index=-100).backward()

        out[name] = median_seconds(seq_step, seconds)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", default="build/release/bin/neuroai-sim", help="path of neuroai-sim")
    parser.add_argument("--seconds", type=float, default=2.0, help="time budget per case")
    args = parser.parse_args()
    torch.set_num_threads(1)
    ours_json = subprocess.run([args.sim, "bench", "attention", "--json", "--seconds", str(args.seconds)],
                               check=True, capture_output=True, text=True).stdout
    ours = {r["name"]: 1.0 / r["ops_per_second"] for r in json.loads(ours_json)["results"]}
    t64 = torch_figures(torch.float64, args.seconds)
    t32 = torch_figures(torch.float32, args.seconds)
    rows = []
    for name in ("attention/vit", "attention/sequence", "attention/rnn"):
        rows.append({"name": name, "ours_ms": 1e3 * ours[name], "torch_float64_ms": 1e3 * t64[name],
                     "torch_float32_ms": 1e3 * t32[name], "speedup_vs_float64": t64[name] / ours[name],
                     "speedup_vs_float32": t32[name] / ours[name]})
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
