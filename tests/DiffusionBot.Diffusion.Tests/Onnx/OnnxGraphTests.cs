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

    [Fact]
    public void ReadSingles_ExternalData_ThrowsClearError()
    {
        var external = new TensorProto
        {
            Name = "w",
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { 2, 2 },
            DataLocation = TensorProto.Types.DataLocation.External,
            ExternalData = { new StringStringEntryProto { Key = "location", Value = "model.onnx_data" }, new StringStringEntryProto { Key = "offset", Value = "0" } },
        };
        var graph = OnnxGraph.Read(Write(Model(external)));

        var ex = Assert.Throws<OnnxGraphFormatException>(() => graph.ReadSingles(graph.Initializers["w"]));

        Assert.Contains("external", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
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
