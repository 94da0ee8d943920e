using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Onnx.Graph;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

/// <summary>AUTOMATIC1111's SDXL embeddings (<c>clip_l</c> + <c>clip_g</c> in one file) on the miniature SDXL
/// (text_encoder 32 wide, text_encoder_2 48 wide).</summary>
public sealed class SdxlEmbeddingTests
{
    private const int Eos = 49407;

    private static EmbeddingTarget[] SdxlTargets() =>
        [new(TinySd.Model("sdxl", "text_encoder"), Eos), new(TinySd.Model("sdxl", "text_encoder_2"), Eos)];

    private static string WriteEmbedding(string trigger, float[] clipL, int widthL, float[] clipG, int widthG)
    {
        var bytes = SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["clip_l"] = ([clipL.Length / widthL, widthL], clipL),
            ["clip_g"] = ([clipG.Length / widthG, widthG], clipG),
        });
        return Path.GetDirectoryName(SafetensorsBytes.WriteTemp(bytes, trigger + ".safetensors"))!;
    }

    private static float[] Ramp(int count, float scale) => [.. Enumerable.Range(0, count).Select(i => MathF.Sin(i * 0.7f) * scale)];

    /// <summary>Row <paramref name="token"/> of an encoder's own token-embedding table.</summary>
    private static float[] TableRow(string component, int token)
    {
        var graph = OnnxGraph.Read(TinySd.Model("sdxl", component));
        var table = graph.Initializers[TextualInversionSet.TokenEmbeddingInitializer];
        var width = (int)table.Dims[1];
        return graph.ReadSingles(table).AsSpan(token * width, width).ToArray();
    }

    private static GenerationRequest Request(string prompt) =>
        new(prompt, Seed: 7, Steps: 1, Guidance: 5, Width: 64, Height: 64, Scheduler: "euler");

    [Fact]
    public void Load_SdxlEmbeddingOnSdxl_ExtendsBothEncodersTablesWithTheSameIds()
    {
        var folder = WriteEmbedding("xlstyle", Ramp(2 * 32, 0.5f), 32, Ramp(2 * 48, 0.3f), 48);

        using var set = TextualInversionSet.Load(folder, SdxlTargets());

        Assert.Empty(set.Skipped);
        Assert.True(set.TryGetIds("xlstyle", out var ids));
        Assert.Equal([49408, 49409], ids);
        Assert.Equal(49410, set.EndOfTextId);
        Assert.Equal(TextualInversionSet.TokenEmbeddingInitializer, Assert.Single(set.OverridesFor(0)!.Names));
        Assert.Equal(TextualInversionSet.TokenEmbeddingInitializer, Assert.Single(set.OverridesFor(1)!.Names));
        Assert.Equal(49411L * 32 * sizeof(float), set.OverridesFor(0)!.OwnedBytes); // 49408 + 2 vectors + end-of-text copy
        Assert.Equal(49411L * 48 * sizeof(float), set.OverridesFor(1)!.OwnedBytes);
    }

    [Fact]
    public void Load_Sd15EmbeddingOnSdxl_IsSkippedSayingItIsForSd1()
    {
        using var set = TextualInversionSet.Load(TinySd.EmbeddingFolder, SdxlTargets());

        Assert.Empty(set.Triggers);
        Assert.Null(set.OverridesFor(0));
        Assert.Contains("SD 1.x/2.x embedding", Assert.Single(set.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SdxlEmbeddingOnSd15_IsSkippedSayingItIsForSdxl()
    {
        var folder = WriteEmbedding("xlstyle", Ramp(32, 1), 32, Ramp(48, 1), 48);

        using var set = TextualInversionSet.Load(folder, [new(TinySd.Model("sd15", "text_encoder"), Eos)]);

        Assert.Empty(set.Triggers);
        Assert.Contains("SDXL embedding", Assert.Single(set.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SdxlEmbeddingOfTheRealWidths_IsSkippedNamingTheEncoderAndWidths()
    {
        var folder = WriteEmbedding("realxl", new float[768], 768, new float[1280], 1280);

        using var set = TextualInversionSet.Load(folder, SdxlTargets());

        Assert.Empty(set.Triggers);
        Assert.Contains("clip_l vectors are 768 wide, text_encoder's are 32", Assert.Single(set.Skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SdxlEmbeddingWithUnequalCounts_ThrowsClearError()
    {
        var folder = WriteEmbedding("uneven", new float[2 * 32], 32, new float[48], 48);

        var ex = Assert.Throws<DiffusionBot.Diffusion.Lora.LoraFileException>(() => TextualInversionReader.Read(Path.Combine(folder, "uneven.safetensors")));

        Assert.Contains("2 clip_l vectors but 1 clip_g", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>An embedding whose clip_l and clip_g vectors are each encoder's own row of "fox" must give the very
    /// image "fox" gives: each vector went to its own encoder's table under the shared id, and the pooled
    /// <c>text_embeds</c> still come from the end of the prompt (an embedding id is higher than end-of-text, and the
    /// exported CLIP pools at argmax(input_ids)).</summary>
    [Fact]
    public async Task GenerateAsync_SdxlEmbeddingOfFoxRows_IsBitForBitThePlainWord()
    {
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(TinySd.Folder("sdxl"), "tokenizer"));
        var fox = Assert.Single(tokenizer.Tokenize("fox"));
        var folder = WriteEmbedding("xlfox", TableRow("text_encoder", fox), 32, TableRow("text_encoder_2", fox), 48);
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllBytesAsync(Path.Combine(folder, "xlstyle.safetensors"), SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])>
        {
            ["clip_l"] = ([2, 32], Ramp(2 * 32, 0.5f)),
            ["clip_g"] = ([2, 48], Ramp(2 * 48, 0.3f)),
        }), ct);
        var observer = new RecordingRunObserver();
        using var engine = TinySdModels.CreateEngine(TinySd.Folder("sdxl"), observer, o => o.EmbeddingPath = folder);

        var plainRuns = observer.Capture();
        var plain = await engine.GenerateAsync(Request("a red fox in the snow"), null, ct);
        var embeddingRuns = observer.Capture();
        var viaEmbedding = await engine.GenerateAsync(Request("a red xlfox in the snow"), null, ct);
        var styled = await engine.GenerateAsync(Request("a red fox in the snow, xlstyle"), null, ct);
        var unstyled = await engine.GenerateAsync(Request("a red fox in the snow,"), null, ct);

        var plainUnet = plainRuns.First(r => r.Component == "unet").Inputs;
        var embeddingUnet = embeddingRuns.First(r => r.Component == "unet").Inputs;
        Assert.Contains(49408f, embeddingRuns.First(r => r.Component == "text_encoder_2").Inputs["input_ids"].Values);
        Assert.Equal(plainUnet["encoder_hidden_states"].Values, embeddingUnet["encoder_hidden_states"].Values);
        Assert.Equal(plainUnet["text_embeds"].Values, embeddingUnet["text_embeds"].Values);
        Assert.Equal(plain.Images[0].Png, viaEmbedding.Images[0].Png);
        Assert.NotEqual(unstyled.Images[0].Png, styled.Images[0].Png);
        Assert.Equal(unstyled.Prompt.TokenCount + 2, styled.Prompt.TokenCount);
    }
}
