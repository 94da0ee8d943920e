#!/usr/bin/env bash
# GPU smoke run: builds the CUDA flavour of ONNX Runtime (-p:OnnxRuntimeFlavor=Gpu, Microsoft.ML.OnnxRuntime.Gpu),
# generates one image on every tinysd fixture (fp32: sd15, sd21-v, sd-turbo, sdxl; fp16: sd15-fp16) with
# Generator__ExecutionProvider=Cuda, then prints the family benchmark (load time, resident memory, step time) on the GPU.
# Needs an NVIDIA GPU with CUDA 12 + cuDNN 9. Usage: bench/gpu-smoke.sh [tinysd folder] [output folder]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tinysd="${1:-$root/../shared/tinysd}"
out="${2:-$(mktemp -d -t diffusionbot-gpu-smoke-XXXXXX)}"
if [[ ! -d "$tinysd" ]]; then
  echo "gpu-smoke: no tinysd fixtures at '$tinysd'; pass the folder as the first argument." >&2
  exit 2
fi
mkdir -p "$out"

echo "== build (Release, OnnxRuntimeFlavor=Gpu)"
dotnet build "$root/src/DiffusionBot/DiffusionBot.csproj" -c Release -p:OnnxRuntimeFlavor=Gpu -nologo -v q
dotnet build "$root/bench/DiffusionBot.Benchmarks/DiffusionBot.Benchmarks.csproj" -c Release -p:OnnxRuntimeFlavor=Gpu -nologo -v q

export Generator__ExecutionProvider=Cuda
export Generator__EnableSafetyChecker=false
app="$root/src/DiffusionBot/bin/Release/net10.0/DiffusionBot.dll"
failed=0
for model in sd15 sd15-fp16 sd21-v sd-turbo sdxl; do
  folder="$tinysd/$model"
  if [[ ! -d "$folder" ]]; then
    echo "== $model: missing ($folder)"; failed=1; continue
  fi
  steps=()
  [[ "$model" == "sd-turbo" ]] || steps=(--steps 4)   # turbo runs on its own defaults (1 step, guidance 0)
  echo "== $model"
  if dotnet "$app" generate "a red fox in the snow" --model "$folder" --seed 1 "${steps[@]}" --out "$out/$model.png"; then
    echo "   ok: $out/$model.png"
  else
    echo "   FAILED (exit $?)"; failed=1
  fi
done

echo "== family benchmark on the GPU"
dotnet "$root/bench/DiffusionBot.Benchmarks/bin/Release/net10.0/DiffusionBot.Benchmarks.dll" families \
  "$tinysd/sd15" "$tinysd/sd15-fp16" "$tinysd/sd21-v" "$tinysd/sd-turbo" "$tinysd/sdxl" || failed=1

exit "$failed"
