using System.Runtime.InteropServices;
using DiffusionBot.OnnxFormat;
using Google.Protobuf;

namespace DiffusionBot.DemoModels.Onnx;

/// <summary>
/// Builds one ONNX graph (opset 17, IR version 8): graph inputs/outputs with fixed or symbolic dims,
/// initializers, and nodes whose output names are generated unless given.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;
    public const string ProducerName = "DiffusionBot.DemoModels";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    public OnnxGraphBuilder Input(string name, ElementType type, params Dim[] shape)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxGraphBuilder Output(string name, ElementType type, params Dim[] shape)
    {
        _graph.Output.Add(ValueInfo(name, type, shape));
        return this;
    }

    public string Initializer(string name, ReadOnlySpan<float> values, params long[] dims) =>
        AddInitializer(name, ElementType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    public string Initializer(string name, ReadOnlySpan<double> values, params long[] dims) =>
        AddInitializer(name, ElementType.Double, MemoryMarshal.AsBytes(values), values.Length, dims);

    public string Initializer(string name, ReadOnlySpan<long> values, params long[] dims) =>
        AddInitializer(name, ElementType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>A one-dimensional int64 constant, the form shape-like operands (axes, pads, starts) take.</summary>
    public string Int64s(string name, params long[] values) => Initializer(name, values, values.Length);

    /// <summary>A one-dimensional float constant with one element per value.</summary>
    public string Floats(string name, params float[] values) => Initializer(name, values, values.Length);

    /// <summary>A one-dimensional double constant with one element per value.</summary>
    public string Doubles(string name, params double[] values) => Initializer(name, values, values.Length);

    /// <summary>Adds a node with one output and returns the output's name (generated when not given).</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        var name = output ?? $"{opType.ToLowerInvariant()}_{_counter}";
        Claim(name);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_counter++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name;
    }

    public string Add(string a, string b, string? output = null) => Node("Add", [a, b], output);

    public string Sub(string a, string b, string? output = null) => Node("Sub", [a, b], output);

    public string Mul(string a, string b, string? output = null) => Node("Mul", [a, b], output);

    public string Div(string a, string b, string? output = null) => Node("Div", [a, b], output);

    public string Cast(string input, ElementType to, string? output = null) =>
        Node("Cast", [input], output, Attr.Int("to", (long)to));

    public string Identity(string input, string? output = null) => Node("Identity", [input], output);

    public ModelProto Build(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = "1",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    private string AddInitializer(string name, ElementType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this writer assumes a little-endian machine.");
        }

        var expected = dims.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} values but shape [{string.Join(",", dims)}] needs {expected}.");
        }

        Claim(name);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"The graph already has a value named '{name}'.");
        }
    }

    private static ValueInfoProto ValueInfo(string name, ElementType type, Dim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Param is null
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value ?? 0 }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Param });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape },
            },
        };
    }
}
