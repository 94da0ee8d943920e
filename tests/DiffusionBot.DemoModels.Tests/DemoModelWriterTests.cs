using System.Text.Json;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

public sealed class DemoModelWriterTests : IDisposable
{
    private readonly string _root = TestData.TempDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task WriteAsync_DemoOptions_WritesEveryFileAndEveryModelRuns()
    {
        var folder = Path.Combine(_root, "demo");

        await DemoModelWriter.WriteAsync(folder, DemoModelOptions.Demo, TestContext.Current.CancellationToken);

        foreach (var file in DemoModelLayout.FilesFor(DemoModelOptions.Demo))
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"missing {file}");
        }

        Assert.True(DemoModelWriter.IsComplete(folder, DemoModelOptions.Demo));
        foreach (var model in Directory.EnumerateFiles(folder, "*.onnx", SearchOption.AllDirectories))
        {
            using var runner = ModelRunner.FromFile(model);
            Assert.NotEmpty(runner.Outputs);
        }

        Assert.Empty(Directory.EnumerateDirectories(_root, ".*"));
    }

    [Fact]
    public async Task WriteAsync_Configs_AreDiffusersStyle()
    {
        var folder = Path.Combine(_root, "configs");

        await DemoModelWriter.WriteAsync(folder, DemoModelOptions.Oracle with { PredictionType = DemoPredictionType.VPrediction, IncludeSafetyChecker = false }, TestContext.Current.CancellationToken);

        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, DemoModelLayout.ModelIndex), TestContext.Current.CancellationToken));
        Assert.Equal("OnnxStableDiffusionPipeline", index.RootElement.GetProperty("_class_name").GetString());
        Assert.Equal("OnnxRuntimeModel", index.RootElement.GetProperty("unet")[1].GetString());
        Assert.Equal(JsonValueKind.Null, index.RootElement.GetProperty("safety_checker")[0].ValueKind);
        Assert.False(File.Exists(Path.Combine(folder, DemoModelLayout.SafetyChecker)));

        using var scheduler = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, DemoModelLayout.SchedulerConfig), TestContext.Current.CancellationToken));
        var s = scheduler.RootElement;
        Assert.Equal("EulerDiscreteScheduler", s.GetProperty("_class_name").GetString());
        Assert.Equal(0.00085, s.GetProperty("beta_start").GetDouble());
        Assert.Equal(0.012, s.GetProperty("beta_end").GetDouble());
        Assert.Equal("scaled_linear", s.GetProperty("beta_schedule").GetString());
        Assert.Equal(1000, s.GetProperty("num_train_timesteps").GetInt32());
        Assert.Equal(1, s.GetProperty("steps_offset").GetInt32());
        Assert.Equal("leading", s.GetProperty("timestep_spacing").GetString());
        Assert.Equal("v_prediction", s.GetProperty("prediction_type").GetString());

        using var tokenizerConfig = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, DemoModelLayout.TokenizerConfig), TestContext.Current.CancellationToken));
        Assert.Equal("<|endoftext|>", tokenizerConfig.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal(77, tokenizerConfig.RootElement.GetProperty("model_max_length").GetInt32());
    }

    [Fact]
    public async Task WriteAsync_TokenizerFiles_BpeWalkMakesEachColourWordOneTokenThatEncodesItsColour()
    {
        var folder = Path.Combine(_root, "tokenizer");
        await DemoModelWriter.WriteAsync(folder, DemoModelOptions.Oracle, TestContext.Current.CancellationToken);
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(await File.ReadAllTextAsync(Path.Combine(folder, DemoModelLayout.TokenizerVocab), TestContext.Current.CancellationToken))!;
        var mergeLines = await File.ReadAllLinesAsync(Path.Combine(folder, DemoModelLayout.TokenizerMerges), TestContext.Current.CancellationToken);
        Assert.Equal("#version: 0.2", mergeLines[0]);
        var ranks = mergeLines.Skip(1).Select((line, rank) => (Pair: line, Rank: rank)).ToDictionary(p => p.Pair, p => p.Rank);

        Assert.Equal(0, vocab["!"]);
        Assert.Equal(256, vocab["!</w>"]);
        Assert.Equal(vocab.Count - 2, vocab["<|startoftext|>"]);
        Assert.Equal(vocab.Count - 1, vocab["<|endoftext|>"]);
        Assert.Equal(vocab.Count, vocab.Values.Distinct().Count());

        using var encoder = ModelRunner.FromFile(Path.Combine(folder, DemoModelLayout.TextEncoder));
        foreach (var (word, colour) in OracleSpec.Colours)
        {
            var tokens = BpeWalk(word, ranks);
            Assert.Equal([word + "</w>"], tokens);
            var ids = Enumerable.Repeat(vocab["<|endoftext|>"], 77).ToArray();
            ids[0] = vocab["<|startoftext|>"];
            ids[1] = vocab[tokens[0]];
            var hidden = encoder.Run(("input_ids", Tensor.Int32(ids, 1, 77)))["last_hidden_state"];
            Assert.Equal([(float)colour.R, (float)colour.G, (float)colour.B], [hidden[0, 1, 0], hidden[0, 1, 1], hidden[0, 1, 2]]);
        }

        Assert.True(BpeWalk("watercolor", ranks).Count > 1);
        Assert.All(BpeWalk("watercolor", ranks), token => Assert.True(vocab.ContainsKey(token), token));
    }

    [Fact]
    public async Task EnsureAsync_CalledTwice_WritesOnceThenLeavesFolderAlone()
    {
        var folder = Path.Combine(_root, "ensure");
        var ct = TestContext.Current.CancellationToken;

        var first = await DemoModel.EnsureAsync(folder, ct);
        var unet = Path.Combine(folder, DemoModelLayout.Unet);
        var writtenAt = File.GetLastWriteTimeUtc(unet);
        var second = await DemoModel.EnsureAsync(folder, ct);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(unet));
        Assert.True(DemoModelWriter.IsComplete(folder, DemoModel.Options));
    }

    [Fact]
    public async Task EnsureAsync_IncompleteOrOtherConfiguration_Rewrites()
    {
        var folder = Path.Combine(_root, "repair");
        var ct = TestContext.Current.CancellationToken;
        await DemoModelWriter.WriteAsync(folder, DemoModelOptions.Oracle, ct);

        Assert.False(DemoModelWriter.IsComplete(folder, DemoModel.Options));
        Assert.True(await DemoModel.EnsureAsync(folder, ct));
        File.Delete(Path.Combine(folder, DemoModelLayout.VaeDecoder));
        Assert.False(DemoModelWriter.IsComplete(folder, DemoModel.Options));
        Assert.True(await DemoModel.EnsureAsync(folder, ct));

        Assert.True(File.Exists(Path.Combine(folder, DemoModelLayout.VaeDecoder)));
        Assert.Contains(DemoModel.Options.Describe(), await File.ReadAllTextAsync(Path.Combine(folder, DemoModelLayout.VersionStamp), ct));
    }

    [Fact]
    public async Task WriteAsync_PathUnderARegularFile_ThrowsIOExceptionNamingThePath()
    {
        var file = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        var folder = Path.Combine(file, "demo");

        var ex = await Assert.ThrowsAsync<IOException>(() => DemoModelWriter.WriteAsync(folder, DemoModelOptions.Demo, TestContext.Current.CancellationToken));

        Assert.Contains(folder, ex.Message);
        Assert.StartsWith("Cannot write the demo model folder", ex.Message);
        await Assert.ThrowsAsync<IOException>(() => DemoModel.EnsureAsync(folder, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_InvalidOptionsOrPath_ThrowsArgumentException()
    {
        var ct = TestContext.Current.CancellationToken;

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => DemoModelWriter.WriteAsync(Path.Combine(_root, "x"), DemoModelOptions.Demo with { TextureStrength = float.NaN }, ct));
        Assert.Contains("TextureStrength", ex.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => DemoModelWriter.WriteAsync(Path.Combine(_root, "x"), DemoModelOptions.Demo with { TextureStrength = -1 }, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => DemoModelWriter.WriteAsync(Path.Combine(_root, "x"), DemoModelOptions.Demo with { ColourScale = 0 }, ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => DemoModelWriter.WriteAsync(" ", DemoModelOptions.Demo, ct));
        Assert.False(Directory.Exists(Path.Combine(_root, "x")));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_LeavesNoFolderBehind()
    {
        var folder = Path.Combine(_root, "cancelled");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DemoModelWriter.WriteAsync(folder, DemoModelOptions.Demo, cts.Token));

        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    /// <summary>A from-scratch BPE walk over merges.txt ranks (independent of the library's tokenizer).</summary>
    private static List<string> BpeWalk(string word, Dictionary<string, int> ranks)
    {
        var parts = word.Select(c => c.ToString()).ToList();
        parts[^1] += "</w>";
        while (true)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < parts.Count; i++)
            {
                if (ranks.TryGetValue($"{parts[i]} {parts[i + 1]}", out var rank) && rank < bestRank)
                {
                    (best, bestRank) = (i, rank);
                }
            }

            if (best < 0)
            {
                return parts;
            }

            var left = parts[best];
            var right = parts[best + 1];
            for (var i = 0; i + 1 < parts.Count; i++)
            {
                if (parts[i] == left && parts[i + 1] == right)
                {
                    parts[i] = left + right;
                    parts.RemoveAt(i + 1);
                }
            }
        }
    }
}
