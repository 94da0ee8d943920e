#!/usr/bin/env python3
"""Writes noise_reference.json: what PyTorch's CPU generator and AUTOMATIC1111's "NV" source draw for given seeds.

CI runs no Python; the JSON is committed and read by NoiseReferenceTests. To regenerate (Debian):

    apt-get install -y python3-torch python3-numpy
    python3 make_noise_reference.py            # rewrites noise_reference.json next to this file

"cpu" values come from torch itself: torch.randn(shape, generator=torch.Generator("cpu").manual_seed(seed)),
later draws of a case continuing on the same generator (as ancestral steps do). Torch picks its CPU kernel at run
time; the script runs it twice in child processes: "cpu-avx2" with ATEN_CPU_CAPABILITY=avx2 (the vectorised
normal_fill most x86-64 PCs run) and "cpu-scalar" with ATEN_CPU_CAPABILITY=default (the scalar normal_fill, also
what torch runs with AVX-512 and on other architectures).

"nv" values come from a NumPy transcription of the algorithm in AUTOMATIC1111's modules/rng_philox.py
(Philox4x32-10 keyed by the seed, counter (draw index, 0, element index, 0), the first two words into one
Box-Muller sample). That file imitates torch's CUDA generator; no GPU is needed here. The transcription was checked
to give bit-identical values to rng_philox.py itself, and is checked here against the CUDA output printed in that
file's docstring (seed 0, shape (3, 4)) before anything is written.
"""

import base64
import json
import os
import platform
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "noise_reference.json")

# Each case: one fresh generator per seed, then the draws in order (each draw = one randn call of that shape).
CASES = [
    (42, [[1, 4, 8, 8]]),
    (42, [[1, 4, 64, 64]]),
    (0, [[1, 4, 8, 8]]),
    (4294967295, [[1, 4, 8, 8]]),
    ((1 << 40) + 5, [[1, 4, 8, 8]]),
    (7, [[5]]),
    (7, [[15]]),
    (7, [[16]]),
    (7, [[17]]),
    (7, [[1, 3, 5, 7]]),
    (7, [[100]]),
    (123, [[1, 4, 8, 8], [1, 4, 8, 8], [1, 4, 8, 8]]),
    (99, [[3], [3], [20], [1], [7], [33]]),
]


def encode(values):
    data = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return base64.b64encode(data).decode("ascii")


def torch_cpu_draws(seed, shapes):
    generator = torch.Generator("cpu").manual_seed(seed)
    return [torch.randn(shape, generator=generator, dtype=torch.float32).numpy().reshape(-1) for shape in shapes]


class PhiloxNormal:
    """AUTOMATIC1111's NV source, written out with explicit uint32 words."""

    M = (0xD2511F53, 0xCD9E8D57)
    W = (0x9E3779B9, 0xBB67AE85)

    def __init__(self, seed):
        self.key = (seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF)
        self.offset = 0

    def draw(self, shape):
        n = int(np.prod(shape))
        c0 = np.full(n, self.offset, dtype=np.uint64)
        c1 = np.zeros(n, dtype=np.uint64)
        c2 = np.arange(n, dtype=np.uint64)
        c3 = np.zeros(n, dtype=np.uint64)
        k0, k1 = self.key
        mask = np.uint64(0xFFFFFFFF)
        for round_index in range(10):
            if round_index > 0:
                k0 = (k0 + self.W[0]) & 0xFFFFFFFF
                k1 = (k1 + self.W[1]) & 0xFFFFFFFF
            p0 = c0 * np.uint64(self.M[0])
            p1 = c2 * np.uint64(self.M[1])
            c0, c1, c2, c3 = ((p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0),
                              p1 & mask,
                              (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1),
                              p0 & mask)
        self.offset += 1
        # rng_philox.py: float32 constants, mixed with the uint32 words in float64, result rounded to float32.
        inv = np.float64(np.float32(2.3283064e-10))
        inv_2pi = np.float64(np.float32(2.3283064e-10 * 6.2831855))
        half_inv = np.float64(np.float32(2.3283064e-10) / np.float32(2))
        half_inv_2pi = np.float64(np.float32(2.3283064e-10 * 6.2831855) / np.float32(2))
        u = c0.astype(np.float64) * inv + half_inv
        v = c1.astype(np.float64) * inv_2pi + half_inv_2pi
        return (np.sqrt(-2.0 * np.log(u)) * np.sin(v)).astype(np.float32)


def nv_draws(seed, shapes):
    generator = PhiloxNormal(seed)
    return [generator.draw(shape) for shape in shapes]


def check_nv_against_docstring():
    expected = np.array([[-0.92466259, -0.42534415, -2.6438457, 0.14518388],
                         [-0.12086647, -0.57972564, -0.62285122, -0.32838709],
                         [-1.07454231, -0.36314407, -1.67105067, 2.26550497]])
    got = PhiloxNormal(0).draw((3, 4)).reshape(3, 4)
    # The docstring shows torch's CUDA values; rng_philox.py's float64 Box-Muller lands within a few 1e-7 of them.
    assert np.allclose(got, expected, rtol=0, atol=5e-7), got


def make_cases(source, make):
    cases = []
    for seed, shapes in CASES:
        draws = make(seed, shapes)
        cases.append({
            "source": source,
            "seed": seed,
            "draws": [{"shape": shape, "values": encode(values)} for shape, values in zip(shapes, draws)],
        })
    return cases


def torch_cases_with_kernel(source, capability):
    """Runs this script as a child with ATEN_CPU_CAPABILITY set, which prints the torch CPU cases as JSON."""
    env = dict(os.environ, ATEN_CPU_CAPABILITY=capability)
    child = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-cases", source],
                           env=env, check=True, capture_output=True, text=True)
    return json.loads(child.stdout)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--torch-cases":
        json.dump(make_cases(sys.argv[2], torch_cpu_draws), sys.stdout)
        return
    check_nv_against_docstring()
    cases = (torch_cases_with_kernel("cpu-scalar", "default")
             + torch_cases_with_kernel("cpu-avx2", "avx2")
             + make_cases("nv", nv_draws))
    document = {
        "about": "float32 little-endian values, base64; written by make_noise_reference.py",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "machine": platform.machine(),
        "cases": cases,
    }
    with open(OUTPUT, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=1)
        file.write("\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
