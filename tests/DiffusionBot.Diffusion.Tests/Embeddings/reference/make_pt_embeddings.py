"""Writes the pickled PyTorch embedding files the .pt reader is tested on (run once; the outputs are committed).

    python3 make_pt_embeddings.py   # needs torch; CI runs no Python

Values follow v[i] = (i % 17) * 0.03125 - 0.25 over the row-major [vectors, width] layout, which the C# tests
recompute. Every value is exact in float16 and bfloat16.
"""
import collections
import torch


def ramp(count):
    return torch.tensor([(i % 17) * 0.03125 - 0.25 for i in range(count)], dtype=torch.float32)


# AUTOMATIC1111's layout: string_to_param {'*': tensor}, saved with requires_grad as its trainer leaves it.
vec = ramp(2 * 32).reshape(2, 32).requires_grad_(True)
torch.save({
    "string_to_token": {"*": 265},
    "string_to_param": {"*": vec},
    "name": "a1111style",
    "step": 1500,
    "sd_checkpoint": "cc6cb27103",
    "sd_checkpoint_name": "v1-5-pruned-emaonly",
}, "a1111style.pt")

# diffusers' learned_embeds.bin: {token: Parameter}, float16, one vector.
torch.save({"<half-token>": torch.nn.Parameter(ramp(32).half())}, "halftoken.bin")

# A bfloat16 view that is neither at the start of its storage nor contiguous: rows 1..2 of the transpose of a
# [32, 4] tensor, so storage offset 1, shape [2, 32], strides [1, 4].
base = ramp(4 * 32).reshape(4, 32).t().contiguous().to(torch.bfloat16)  # [32, 4], row-major
view = base.t()[1:3]
assert view.storage_offset() == 1 and view.stride() == (1, 4) and tuple(view.shape) == (2, 32)
torch.save(collections.OrderedDict([("emb_params", view)]), "stridedview.pt")
