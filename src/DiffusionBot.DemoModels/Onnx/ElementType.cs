namespace DiffusionBot.DemoModels.Onnx;

/// <summary>The tensor element types the demo models use; values are ONNX TensorProto.DataType codes.</summary>
internal enum ElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}
