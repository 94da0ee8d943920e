namespace DiffusionBot.Diffusion.Lora;

/// <summary>How a layer's weight initializer is stored in the exported graph.</summary>
internal enum WeightLayout
{
    /// <summary>A MatMul's right operand: the Linear weight transposed, [in, out].</summary>
    InOut,

    /// <summary>A Linear weight as PyTorch stores it, [out, in] (Gemm with transB = 1).</summary>
    OutIn,

    /// <summary>A convolution kernel [out, in, kh, kw].</summary>
    Conv,
}
