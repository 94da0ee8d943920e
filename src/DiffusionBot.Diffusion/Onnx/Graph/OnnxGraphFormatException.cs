namespace DiffusionBot.Diffusion.Onnx.Graph;

/// <summary>An ONNX model file could not be read as a graph (corrupt, truncated, or a storage we do not read).</summary>
public sealed class OnnxGraphFormatException(string message) : Exception(message);
