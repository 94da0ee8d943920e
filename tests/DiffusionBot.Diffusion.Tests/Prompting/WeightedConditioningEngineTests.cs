using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Prompting;

/// <summary>
/// The engine on the miniature SD 1.5 (dynamic sequence axis): what its UNet receives as encoder_hidden_states,
/// against the text encoder run here chunk by chunk with the weighting done independently.
/// </summary>
public sealed class WeightedConditioningEngineTests(DemoModelFolders models)
{
    private static readonly string[] Words = ["red", "fox", "cat", "dog", "sky", "tree", "house", "river", "blue", "green"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TinySd15()
    {
        var unet = SharedFiles.RequirePath(Path.Combine("tinysd", "sd15", "unet", "model.onnx"));
        return Path.GetDirectoryName(Path.GetDirectoryName(unet))!;
    }

    [Fact]
    public async Task GenerateAsync_WeightedPrompt_UnetGetsReweightedStates()
    {
        var folder = TinySd15();
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(folder, "tokenizer"));
        using var encoder = new ReferenceTextEncoder(folder);
        (string Text, float Weight)[] prompt = [("a ", 1f), ("red", 1.5f), (" fox in ", 1f), ("snow", (float)(1 / 1.1))];
        (string Text, float Weight)[] negative = [("blurry, ", 1f), ("ugly", 1.2f)];

        var captured = await GenerateAsync(folder, "a (red:1.5) fox in [snow]", "blurry, (ugly:1.2)");

        Assert.Equal([2L, 77, 32], captured.Shape);
        var expectedUncond = encoder.EncodeWeighted(Row(tokenizer, negative));
        var expectedCond = encoder.EncodeWeighted(Row(tokenizer, prompt));
        AssertClose([.. expectedUncond, .. expectedCond], captured.Values);
        var unweighted = encoder.EncodeWeighted(Row(tokenizer, [.. prompt.Select(p => (p.Text, 1f))]));
        Assert.True(MaxDifference(unweighted, expectedCond) > 1e-3, "the weights should change the states");
    }

    [Fact]
    public async Task GenerateAsync_150TokenPrompt_UnetGetsTwoChunksJoined()
    {
        var folder = TinySd15();
        var tokenizer = ClipTokenizer.FromDiffusersFolder(Path.Combine(folder, "tokenizer"));
        using var encoder = new ReferenceTextEncoder(folder);
        var text = string.Join(' ', Enumerable.Range(0, 150).Select(i => Words[i % Words.Length]));
        var tokens = tokenizer.Tokenize(text);
        Assert.Equal(150, tokens.Count);

        var captured = await GenerateAsync(folder, text, "");

        Assert.Equal([2L, 2 * 77, 32], captured.Shape);
        var empty = encoder.EncodeWeighted(Padded(tokenizer, []));
        var first = encoder.EncodeWeighted(Padded(tokenizer, tokens.Take(75)));
        var second = encoder.EncodeWeighted(Padded(tokenizer, tokens.Skip(75)));
        AssertClose([.. empty, .. empty, .. first, .. second], captured.Values);
    }

    [Fact]
    public async Task GenerateAsync_FixedLengthUnet_UnetGetsOneChunkAndTheCutIsReported()
    {
        var folder = await models.FolderAsync(DemoModelFolders.Oracle);
        using var engine = DemoModelFolders.CreateEngine(folder);
        (float[] Values, long[] Shape)? captured = null;
        engine.UnetConditioningObserver = c => captured = c;
        var prompt = string.Join(' ', Enumerable.Repeat("red", 150));

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, "blue", Seed: 1, Steps: 1, Guidance: 2, Width: 16, Height: 16, Scheduler: "ddim"), null, Ct);

        Assert.Equal([2L, 77, captured!.Value.Shape[2]], captured.Value.Shape);
        Assert.True(result.Prompt.WasTruncated);
        Assert.Equal(150, result.Prompt.TokenCount);
        Assert.Equal(string.Join(' ', Enumerable.Repeat("red", 75)), result.Prompt.TruncatedText);
    }

    private static async Task<(float[] Values, long[] Shape)> GenerateAsync(string folder, string prompt, string negative)
    {
        using var engine = DemoModelFolders.CreateEngine(folder);
        (float[] Values, long[] Shape)? captured = null;
        engine.UnetConditioningObserver = c => captured = c;
        await engine.GenerateAsync(new GenerationRequest(prompt, negative, Seed: 3, Steps: 1, Guidance: 7, Width: 64, Height: 64), null, Ct);
        return captured ?? throw new InvalidOperationException("The UNet conditioning was not observed.");
    }

    /// <summary>One 77-token row: each text tokenized on its own, its weight on its tokens.</summary>
    private static (int[] Ids, float[] Weights) Row(ClipTokenizer tokenizer, IEnumerable<(string Text, float Weight)> parts)
    {
        var ids = new List<int>();
        var weights = new List<float>();
        foreach (var (text, weight) in parts)
        {
            var tokens = tokenizer.Tokenize(text);
            ids.AddRange(tokens);
            weights.AddRange(Enumerable.Repeat(weight, tokens.Count));
        }

        var row = Padded(tokenizer, ids);
        return (row.Ids, [1f, .. weights, .. Enumerable.Repeat(1f, 77 - 1 - weights.Count)]);
    }

    private static (int[] Ids, float[] Weights) Padded(ClipTokenizer tokenizer, IEnumerable<int> content)
    {
        int[] ids = [tokenizer.BosTokenId, .. content, tokenizer.EosTokenId];
        return ([.. ids, .. Enumerable.Repeat(tokenizer.PadTokenId, 77 - ids.Length)], [.. Enumerable.Repeat(1f, 77)]);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = MaxDifference(expected, actual);
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    /// <summary>The model's text encoder run directly (int64 ids [1, 77] → last_hidden_state), then weighted the way
    /// AUTOMATIC1111 does: each token's row times its weight, the chunk rescaled to its original mean.</summary>
    private sealed class ReferenceTextEncoder(string folder) : IDisposable
    {
        private readonly InferenceSession _session = new(Path.Combine(folder, "text_encoder", "model.onnx"));

        public float[] EncodeWeighted((int[] Ids, float[] Weights) row)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(row.Ids.Select(i => (long)i).ToArray(), [1, row.Ids.Length]);
            using var options = new RunOptions();
            using var outputs = _session.Run(options, ["input_ids"], [input], ["last_hidden_state"]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var width = hidden.Length / row.Ids.Length;
            var before = 0.0;
            var after = 0.0;
            for (var i = 0; i < hidden.Length; i++)
            {
                before += hidden[i];
                after += (double)hidden[i] * row.Weights[i / width];
            }

            return [.. hidden.Select((v, i) => (float)((double)v * row.Weights[i / width] * (before / after)))];
        }

        public void Dispose() => _session.Dispose();
    }
}
