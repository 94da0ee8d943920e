namespace DiffusionBot.Diffusion.Weights;

/// <summary>The element types a safetensors header may name, with their sizes.</summary>
internal static class SafetensorsDType
{
    public static int? SizeOf(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => null,
    };

    public static bool IsFloat(string dtype) => dtype is "F64" or "F32" or "F16" or "BF16";
}
