using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

/// <summary>The exported Gather reads appended rows of a longer token table: encoding the embedding's new id must
/// equal encoding an ordinary token whose row was overwritten with the same vector.</summary>
public sealed class EmbeddingTableOverrideTests
{
    private const int Bos = 49406;
    private const int Eos = 49407;
    private const int Stand = 320; // "a</w>", whose row the reference session replaces

    [Theory]
    [InlineData("sd15")]
    [InlineData("sd15-fp16")]
    public void Encode_AppendedEmbeddingId_EqualsTheSameVectorInAnOrdinaryRow(string model)
    {
        var textEncoderFile = TinySd.Model(model, "text_encoder");
        var factory = new OnnxSessionFactory(new GeneratorOptions { IntraOpThreads = 1 });
        using var set = TextualInversionSet.Load(TinySd.EmbeddingFolder, [new(textEncoderFile, Eos)]);
        Assert.True(set.TryGetIds("fluffystyle", out var ids));
        float[] vectors;
        using (var file = SafetensorsFile.Open(Path.Combine(TinySd.EmbeddingFolder, "fluffystyle.safetensors")))
            vectors = file.ReadSingles(file.Get("emb_params"));

#pragma warning disable CA2000 // each OnnxModel owns the overrides it was loaded with and disposes them
        var extendedOverrides = new InitializerOverrides();
        extendedOverrides.Include(set.OverridesFor(0));
        using var extended = factory.Load(textEncoderFile, extendedOverrides);
        using var reference = factory.Load(textEncoderFile, TableWithRow(textEncoderFile, Stand, vectors.AsSpan(0, 32)));
#pragma warning restore CA2000
        using var run = new CancellableRun(TestContext.Current.CancellationToken);

        var viaEmbedding = new TextEncoderModel(extended).Encode(Ids(ids[0]), run).Hidden;
        var viaOrdinaryRow = new TextEncoderModel(reference).Encode(Ids(Stand), run).Hidden;
        var plain = new TextEncoderModel(extended).Encode(Ids(Stand), run).Hidden;

        Assert.Equal(viaOrdinaryRow, viaEmbedding);
        Assert.NotEqual(plain, viaEmbedding);
    }

    private static int[] Ids(int token)
    {
        var ids = Enumerable.Repeat(Eos, 77).ToArray();
        ids[0] = Bos;
        ids[1] = token;
        return ids;
    }

    private static InitializerOverrides TableWithRow(string textEncoderFile, int row, ReadOnlySpan<float> vector)
    {
        var graph = OnnxGraph.Read(textEncoderFile);
        var table = graph.Initializers[TextualInversionSet.TokenEmbeddingInitializer];
        var width = (int)table.Dims[1];
        var overrides = new InitializerOverrides();
        if (table.DataType == OnnxFormat.TensorProto.Types.DataType.Float16)
        {
            var values = graph.ReadHalves(table);
            for (var i = 0; i < width; i++)
                values[row * width + i] = (Half)vector[i];
            overrides.Add(table.Name, values, table.Dims);
        }
        else
        {
            var values = graph.ReadSingles(table);
            vector.CopyTo(values.AsSpan(row * width, width));
            overrides.Add(table.Name, values, table.Dims);
        }

        return overrides;
    }
}
