#!/usr/bin/env python3
"""Independent stdlib-only re-implementation of openai/CLIP's SimpleTokenizer (without ftfy).

Used to produce the expected ids in ClipTokenizerReferenceTests.cs. It is written separately from
the C# port so the two can cross-check each other:

* HTML unescape uses Python's own ``html.unescape`` (applied twice, as CLIP's ``basic_clean``).
* Lower-casing uses Python's own ``str.lower`` (exactly what CLIP calls).
* CLIP splits with the third-party ``regex`` module, which is not in the stdlib, so the pattern
  ``<|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+``
  (IGNORECASE) is emulated with ``unicodedata.category`` per code point; ``\\s`` of ``regex`` is the
  Unicode White_Space property.
* BPE is CLIP's string-based algorithm (min-rank pair, merge left to right, repeat).

Usage:
    python3 clip_reference.py PATH/TO/bpe_simple_vocab_16e6.txt.gz < prompts.txt
Each input line is a JSON string (so escapes like \\u00e9 are allowed); each output line is
``json(prompt) TAB comma-separated content ids (no BOS/EOS)``.
"""
import gzip
import html
import json
import sys
import unicodedata

WHITE_SPACE = set(
    [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680]
    + list(range(0x2000, 0x200B))
    + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
)


def byte_table():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    order = list(printable)
    chars = list(printable)
    extra = 0
    for b in range(256):
        if b not in printable:
            order.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(order, chars)}


def is_ws(ch):
    return ord(ch) in WHITE_SPACE


def is_letter(ch):
    return unicodedata.category(ch).startswith("L")


def is_number(ch):
    return unicodedata.category(ch).startswith("N")


def split(text):
    specials = ("<|startoftext|>", "<|endoftext|>")
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        hit = next((s for s in specials if text[i:i + len(s)].casefold() == s), None)
        if hit is not None:
            out.append(text[i:i + len(hit)])
            i += len(hit)
            continue
        if ch == "'":
            nxt2 = text[i + 1:i + 3]
            nxt1 = text[i + 1:i + 2]
            if nxt1 in ("s", "t", "m", "d", "\u017f"):
                out.append(text[i:i + 2]); i += 2; continue
            if nxt2 in ("re", "ve", "ll"):
                out.append(text[i:i + 3]); i += 3; continue
        if is_ws(ch):
            i += 1
            continue
        if is_letter(ch):
            j = i
            while j < n and is_letter(text[j]):
                j += 1
            out.append(text[i:j]); i = j; continue
        if is_number(ch):
            out.append(ch); i += 1; continue
        j = i
        while j < n and not (is_ws(text[j]) or is_letter(text[j]) or is_number(text[j])):
            j += 1
        out.append(text[i:j]); i = j
    return out


class Reference:
    def __init__(self, gz_path):
        self.byte_encoder = byte_table()
        lines = gzip.open(gz_path).read().decode("utf-8").split("\n")
        merges = [tuple(l.split()) for l in lines[1:49152 - 256 - 2 + 1]]
        vocab = list(self.byte_encoder.values())
        vocab += [v + "</w>" for v in vocab]
        vocab += ["".join(m) for m in merges]
        vocab += ["<|startoftext|>", "<|endoftext|>"]
        self.encoder = {v: i for i, v in enumerate(vocab)}
        self.ranks = {m: i for i, m in enumerate(merges)}

    def bpe(self, token):
        if token in ("<|startoftext|>", "<|endoftext|>"):
            return [token]
        word = list(token[:-1]) + [token[-1] + "</w>"]
        while len(word) > 1:
            pairs = [(word[k], word[k + 1]) for k in range(len(word) - 1)]
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            merged = []
            k = 0
            while k < len(word):
                if k < len(word) - 1 and word[k] == best[0] and word[k + 1] == best[1]:
                    merged.append(best[0] + best[1]); k += 2
                else:
                    merged.append(word[k]); k += 1
            word = merged
        return word

    def tokenize(self, text):
        text = html.unescape(html.unescape(text)).strip()
        text = " ".join(part for part in _split_ws(text) if part).strip().lower()
        ids = []
        for piece in split(text):
            encoded = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.encoder[s] for s in self.bpe(encoded))
        return ids


def _split_ws(text):
    parts, cur = [], []
    for ch in text:
        if is_ws(ch):
            parts.append("".join(cur)); cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def main():
    ref = Reference(sys.argv[1])
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        prompt = json.loads(line)
        ids = ref.tokenize(prompt)
        print(json.dumps(prompt, ensure_ascii=True) + "\t" + ",".join(map(str, ids)))


if __name__ == "__main__":
    main()
