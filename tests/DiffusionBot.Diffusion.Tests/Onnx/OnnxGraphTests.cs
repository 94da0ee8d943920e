using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.OnnxFormat;
using Google.Protobuf;

namespace DiffusionBot.Diffusion.Tests.Onnx;

public sealed class OnnxGraphTests
{
    private static string Write(ModelProto model, string name = "model.onnx")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("diffusionbot-graph-").FullName, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private static ModelProto Model(params TensorProto[] initializers)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Node.Add(new NodeProto { Name = "/layer/MatMul", OpType = "MatMul", Input = { "x", "w" }, Output = { "y" } });
        graph.Initializer.AddRange(initializers);
        return new ModelProto { IrVersion = 8, Graph = graph };
    }

    [Fact]
    public void Read_RawAndFloatData_ReadsNamesShapesAndValuesWithoutLoadingThemUpFront()
    {
        var raw = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 2, 2 }, RawData = ByteString.CopyFrom([.. new[] { 1f, 2f, 3f, 4f }.SelectMany(BitConverter.GetBytes)]) };
        var typed = new TensorProto { Name = "b", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 3 }, FloatData = { 5f, 6f, 7f } };
        var path = Write(Model(raw, typed));

        var graph = OnnxGraph.Read(path);

        Assert.Equal("/layer/MatMul", Assert.Single(graph.Nodes).Name);
        Assert.Equal([2L, 2L], graph.Initializers["w"].Dims);
        Assert.Equal([1f, 2f, 3f, 4f], graph.ReadSingles(graph.Initializers["w"]));
        Assert.Equal([5f, 6f, 7f], graph.ReadSingles(graph.Initializers["b"]));
    }

    private static TensorProto External(string location, string? offset = null, string? length = null)
    {
        var tensor = new TensorProto
        {
            Name = "w",
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { 2, 2 },
            DataLocation = TensorProto.Types.DataLocation.External,
            ExternalData = { new StringStringEntryProto { Key = "location", Value = location } },
        };
        if (offset is not null)
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset });
        if (length is not null)
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length });
        return tensor;
    }

    /// <summary>A model with one external initializer, and its data file beside it: 8 bytes of padding, then 1…4.</summary>
    private static string WriteWithDataFile(TensorProto tensor)
    {
        var path = Write(Model(tensor));
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, "model.onnx_data"), [.. new byte[8], .. new[] { 1f, 2f, 3f, 4f }.SelectMany(BitConverter.GetBytes)]);
        return path;
    }

    [Theory]
    [InlineData("8", "16")]
    [InlineData("8", null)]
    public void ReadSingles_ExternalData_ReadsTheValuesFromTheFileBesideTheModel(string offset, string? length)
    {
        var graph = OnnxGraph.Read(WriteWithDataFile(External("model.onnx_data", offset, length)));

        Assert.Equal([1f, 2f, 3f, 4f], graph.ReadSingles(graph.Initializers["w"]));
    }

    [Theory]
    [InlineData("../model.onnx_data", "outside the model's folder")]
    [InlineData("sub/../../model.onnx_data", "outside the model's folder")]
    [InlineData("/etc/passwd", "not a relative path")]
    [InlineData("", "names no location")]
    public void ReadSingles_ExternalLocationOutsideTheFolder_ThrowsClearError(string location, string expected)
    {
        var graph = OnnxGraph.Read(WriteWithDataFile(External(location, "8", "16")));

        var ex = Assert.Throws<OnnxGraphFormatException>(() => graph.ReadSingles(graph.Initializers["w"]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16", "16", "24 bytes long")]
    [InlineData("9223372036854775800", null, "24 bytes long")]
    [InlineData("8", "12", "has 12 data bytes; expected 16")]
    [InlineData("-8", "16", "not a non-negative integer")]
    [InlineData("8", "0x10", "not a non-negative integer")]
    public void ReadSingles_ExternalRangeThatDoesNotFit_ThrowsClearError(string offset, string? length, string expected)
    {
        var graph = OnnxGraph.Read(WriteWithDataFile(External("model.onnx_data", offset, length)));

        var ex = Assert.Throws<OnnxGraphFormatException>(() => graph.ReadSingles(graph.Initializers["w"]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSingles_ExternalDataFileMissing_ThrowsClearErrorNamingIt()
    {
        var graph = OnnxGraph.Read(Write(Model(External("weights.bin", "0", "16"))));

        var ex = Assert.Throws<OnnxGraphFormatException>(() => graph.ReadSingles(graph.Initializers["w"]));

        Assert.Contains("'weights.bin'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedModel_ThrowsClearError()
    {
        var whole = File.ReadAllBytes(TinySd.Model("sd15", "text_encoder"));
        var path = Path.Combine(Directory.CreateTempSubdirectory("diffusionbot-graph-").FullName, "cut.onnx");
        File.WriteAllBytes(path, whole[..(whole.Length / 3)]);

        var ex = Assert.Throws<OnnxGraphFormatException>(() => OnnxGraph.Read(path));

        Assert.Contains("not a readable ONNX model", ex.Message, StringComparison.Ordinal);
    }
}
