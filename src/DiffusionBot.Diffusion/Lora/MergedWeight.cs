using DiffusionBot.Diffusion.Onnx.Graph;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>The new values of one initializer (W + ΣΔ) in the initializer's own element type: exactly one of
/// <see cref="Singles"/> / <see cref="Halves"/> is set.</summary>
internal sealed record MergedWeight(OnnxInitializer Initializer, float[]? Singles, Half[]? Halves);
