using DiffusionBot.Diffusion.Tests.Support;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Families;

/// <summary>SDXL's UNet gets both encoders' penultimate hidden states concatenated, text_encoder_2's pooled
/// embeddings, and time ids (original size, crop (0, 0), target size) in both guidance halves.</summary>
public sealed class SdxlConditioningTests(TinySdModels models)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_Sdxl_TimeIdsAreSizeCropAndTargetInBothHalves()
    {
        var engine = models.Engine("sdxl");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a castle", Width: 96, Height: 64, Steps: 2, Guidance: 6, Scheduler: "euler"), null, Ct);

        var unet = runs.First(r => r.Component == "unet");
        var timeIds = unet.Inputs["time_ids"];
        Assert.Equal(new long[] { 2, 6 }, timeIds.Shape);
        Assert.Equal(new[] { 64f, 96f, 0f, 0f, 64f, 96f }, timeIds.Row(0));
        Assert.Equal(new[] { 64f, 96f, 0f, 0f, 64f, 96f }, timeIds.Row(1));
        Assert.Equal(new long[] { 2, 48 }, unet.Inputs["text_embeds"].Shape);
        Assert.Equal(new long[] { 2, 77, 80 }, unet.Inputs["encoder_hidden_states"].Shape);
    }

    [Fact]
    public async Task GenerateAsync_SdxlEmptyNegative_UncondHalfIsZeros()
    {
        var engine = models.Engine("sdxl");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a castle", Width: 64, Height: 64, Steps: 1, Guidance: 6, Scheduler: "euler"), null, Ct);

        var unet = runs.First(r => r.Component == "unet");
        Assert.All(unet.Inputs["encoder_hidden_states"].Row(0), v => Assert.Equal(0f, v));
        Assert.All(unet.Inputs["text_embeds"].Row(0), v => Assert.Equal(0f, v));
        Assert.Contains(unet.Inputs["text_embeds"].Row(1), v => v != 0f);
        Assert.Equal(2, runs.Count(r => r.Component is "text_encoder" or "text_encoder_2"));
    }

    [Fact]
    public async Task GenerateAsync_SdxlWithNegative_EncodesItThroughBothEncoders()
    {
        var engine = models.Engine("sdxl");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a castle", NegativePrompt: "fog", Width: 64, Height: 64, Steps: 1, Guidance: 6, Scheduler: "euler"), null, Ct);

        var unet = runs.First(r => r.Component == "unet");
        Assert.Contains(unet.Inputs["encoder_hidden_states"].Row(0), v => v != 0f);
        Assert.NotEqual(unet.Inputs["text_embeds"].Row(0), unet.Inputs["text_embeds"].Row(1));
        Assert.Equal(4, runs.Count(r => r.Component is "text_encoder" or "text_encoder_2"));
    }

    [Fact]
    public async Task GenerateAsync_Sdxl_HiddenStatesArePenultimateLayersConcatenatedAndPooledFromEncoder2()
    {
        var folder = TinySdModels.Folder("sdxl");
        var engine = models.Engine("sdxl");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("a red castle", Width: 64, Height: 64, Steps: 1, Guidance: 0, Scheduler: "euler"), null, Ct);

        var ids1 = runs.Single(r => r.Component == "text_encoder").Inputs["input_ids"].Values;
        var ids2 = runs.Single(r => r.Component == "text_encoder_2").Inputs["input_ids"].Values;
        Assert.Equal(0f, ids2[^1]);
        Assert.Equal(49407f, ids1[^1]);
        var (hidden1, _) = RunEncoder(Path.Combine(folder, "text_encoder", "model.onnx"), ids1, pooled: false);
        var (hidden2, pooled2) = RunEncoder(Path.Combine(folder, "text_encoder_2", "model.onnx"), ids2, pooled: true);
        var unet = runs.First(r => r.Component == "unet");
        var hidden = unet.Inputs["encoder_hidden_states"].Values;
        Assert.Equal(77 * 80, hidden.Length);
        for (var t = 0; t < 77; t++)
        {
            Assert.Equal(hidden1.AsSpan(t * 32, 32).ToArray(), hidden.AsSpan(t * 80, 32).ToArray());
            Assert.Equal(hidden2.AsSpan(t * 48, 48).ToArray(), hidden.AsSpan((t * 80) + 32, 48).ToArray());
        }

        Assert.Equal(pooled2, unet.Inputs["text_embeds"].Values);
    }

    [Fact]
    public async Task GenerateAsync_SdxlWeightedPromptOver77Tokens_UnetGetsBothEncodersChunkedWeightedAndJoined()
    {
        var folder = TinySdModels.Folder("sdxl");
        var tokenizer1 = ClipTokenizer.FromDiffusersFolder(Path.Combine(folder, "tokenizer"));
        var tokenizer2 = ClipTokenizer.FromDiffusersFolder(Path.Combine(folder, "tokenizer_2"));
        string[] words = ["fox", "cat", "dog", "sky", "tree", "house", "river", "blue", "green"];
        var rest = string.Join(' ', Enumerable.Range(0, 149).Select(i => words[i % words.Length]));
        var content = tokenizer1.Tokenize("red " + rest);
        Assert.Equal(150, content.Count);
        float[] weights = [1.5f, .. Enumerable.Repeat(1f, 149)];
        var engine = models.Engine("sdxl");
        var runs = models.Observer.Capture();

        await engine.GenerateAsync(new GenerationRequest("(red:1.5) " + rest, NegativePrompt: "fog", Width: 64, Height: 64, Steps: 1, Guidance: 6, Scheduler: "euler"), null, Ct);

        var unet = runs.First(r => r.Component == "unet");
        Assert.Equal(new long[] { 2, 154, 80 }, unet.Inputs["encoder_hidden_states"].Shape);
        Assert.Equal(4, runs.Count(r => r.Component == "text_encoder"));
        Assert.Equal(4, runs.Count(r => r.Component == "text_encoder_2"));
        var expected = new float[154 * 80];
        float[]? pooled = null;
        for (var c = 0; c < 2; c++)
        {
            var chunk = content.Skip(c * 75).Take(75).ToList();
            var chunkWeights = weights.Skip(c * 75).Take(75).ToArray();
            var (hidden1, _) = RunEncoderWeighted(Path.Combine(folder, "text_encoder", "model.onnx"), Row(tokenizer1, chunk), chunkWeights, pooled: false);
            var (hidden2, pooled2) = RunEncoderWeighted(Path.Combine(folder, "text_encoder_2", "model.onnx"), Row(tokenizer2, chunk), chunkWeights, pooled: true);
            pooled ??= pooled2;
            for (var t = 0; t < 77; t++)
            {
                hidden1.AsSpan(t * 32, 32).CopyTo(expected.AsSpan(((c * 77) + t) * 80));
                hidden2.AsSpan(t * 48, 48).CopyTo(expected.AsSpan((((c * 77) + t) * 80) + 32));
            }
        }

        var cond = unet.Inputs["encoder_hidden_states"].Row(1);
        var worst = expected.Zip(cond, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-4, $"largest difference {worst}");
        Assert.Equal(pooled, unet.Inputs["text_embeds"].Row(1));
    }

    private static int[] Row(ClipTokenizer tokenizer, IReadOnlyList<int> content)
    {
        int[] ids = [tokenizer.BosTokenId, .. content, tokenizer.EosTokenId];
        return [.. ids, .. Enumerable.Repeat(tokenizer.PadTokenId, 77 - ids.Length)];
    }

    /// <summary>The encoder run directly, its penultimate states weighted as AUTOMATIC1111 does (each token's row times
    /// its weight, rescaled to the original mean); the pooled output unweighted.</summary>
    private static (float[] Hidden, float[]? Pooled) RunEncoderWeighted(string file, int[] ids, float[] contentWeights, bool pooled)
    {
        var (hidden, pooledValues) = RunEncoder(file, [.. ids.Select(i => (float)i)], pooled);
        float[] rowWeights = [1f, .. contentWeights, .. Enumerable.Repeat(1f, ids.Length - 1 - contentWeights.Length)];
        var width = hidden.Length / ids.Length;
        double before = 0, after = 0;
        for (var i = 0; i < hidden.Length; i++)
        {
            before += hidden[i];
            after += (double)hidden[i] * rowWeights[i / width];
        }

        return ([.. hidden.Select((v, i) => (float)((double)v * rowWeights[i / width] * (before / after)))], pooledValues);
    }

    private static (float[] Hidden, float[]? Pooled) RunEncoder(string file, float[] ids, bool pooled)
    {
        using var session = new InferenceSession(file);
        using var input = OrtValue.CreateTensorValueFromMemory(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
        string[] outputs = pooled ? ["hidden_states.2", "text_embeds"] : ["hidden_states.2"];
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["input_ids"], [input], outputs);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), pooled ? results[1].GetTensorDataAsSpan<float>().ToArray() : null);
    }
}
