using DiffusionBot.Cli;
using DiffusionBot.Core.Infotext;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Tests.Cli;

/// <summary>The command handlers in-process, with the demo model (no Generator:ModelPath) written to a temp folder.</summary>
public sealed class CliAppTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, fixture.Configuration);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Generate_WithoutModelPath_WritesPngOfAskedSizeFromDemoModel()
    {
        var output = Path.Combine(fixture.Root, "fox.png");

        var (exit, stdout, stderr) = await RunAsync("generate", "a watercolor fox", "--seed", "42", "--steps", "4", "--width", "96", "--height", "64", "--out", output);

        Assert.True(exit == 0, stderr);
        var bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal(PngSignature, bytes[..8]);
        var image = PngCodec.Decode(bytes);
        Assert.Equal((96, 64), (image.Width, image.Height));
        Assert.Contains("seed(s) 42", stdout);
        Assert.Contains($"Wrote {output}", stdout);
        Assert.Contains("step 4/4", stderr);
        Assert.True(File.Exists(Path.Combine(fixture.DemoModelPath, "unet", "model.onnx")));
    }

    [Fact]
    public async Task Generate_CountTwo_WritesEachImageAndTheGrid()
    {
        var output = Path.Combine(fixture.Root, "batch", "pair.png");

        var (exit, _, stderr) = await RunAsync("generate", "red", "--count", "2", "--steps", "2", "--width", "32", "--height", "32",
            "--scheduler", "euler", "--negative", "blue", "--guidance", "2", "--out", output);

        Assert.True(exit == 0, stderr);
        var dir = Path.GetDirectoryName(output)!;
        Assert.True(File.Exists(Path.Combine(dir, "pair-1.png")));
        Assert.True(File.Exists(Path.Combine(dir, "pair-2.png")));
        var grid = PngCodec.Decode(await File.ReadAllBytesAsync(Path.Combine(dir, "pair-grid.png"), TestContext.Current.CancellationToken));
        Assert.Equal((64, 32), (grid.Width, grid.Height));
    }

    [Fact]
    public async Task Generate_CountTwo_EveryPngCarriesItsParametersAndTheGridTheFirsts()
    {
        var output = Path.Combine(fixture.Root, "params", "owl.png");

        var (exit, _, stderr) = await RunAsync("generate", "an owl, at night: misty", "--negative", "blurry", "--seed", "4294967295", "--count", "2",
            "--steps", "3", "--guidance", "2.5", "--width", "32", "--height", "48", "--scheduler", "dpm++2m-karras", "--out", output);

        Assert.True(exit == 0, stderr);
        var dir = Path.GetDirectoryName(output)!;
        GenerationInfotext Read(string name) =>
            GenerationInfotext.Parse(PngTextChunks.ReadText(File.ReadAllBytes(Path.Combine(dir, name)), "parameters")!);
        var first = Read("owl-1.png");
        Assert.Equal(("an owl, at night: misty", "blurry", 3, "dpm++2m-karras", 2.5), (first.Prompt, first.NegativePrompt, first.Steps!.Value, first.Scheduler, first.Guidance!.Value));
        Assert.Equal((4294967295L, 32, 48, "cpu"), (first.Seed!.Value, first.Width!.Value, first.Height!.Value, first.NoiseSource));
        Assert.StartsWith("DiffusionBot ", first.Version);
        Assert.Contains("Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 2.5, Seed: 4294967295, Size: 32x48", first.Format());
        Assert.Equal(4294967296L, Read("owl-2.png").Seed);
        Assert.Equal(first.Format(), Read("owl-grid.png").Format());
    }

    [Fact]
    public async Task Generate_NoiseSourceConfigured_RecordsItInTheParameters()
    {
        var output = Path.Combine(fixture.Root, "nv", "owl.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var configuration = new Dictionary<string, string?>(fixture.Configuration) { ["Generator:NoiseSource"] = "nv" };

        var exit = await CliApp.RunAsync(["generate", "owl", "--steps", "2", "--width", "32", "--height", "32", "--out", output],
            stdout, stderr, TestContext.Current.CancellationToken, configuration);

        Assert.True(exit == 0, stderr.ToString());
        var text = PngTextChunks.ReadText(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken), "parameters")!;
        Assert.Contains(", RNG: NV, ", text);
    }

    [Fact]
    public async Task Tokens_ShortPrompt_PrintsCountAndNothingCut()
    {
        var (exit, stdout, _) = await RunAsync("tokens", "red fox");

        Assert.Equal(0, exit);
        Assert.Contains("2 tokens", stdout);
        Assert.Contains("Nothing is cut off.", stdout);
    }

    [Fact]
    public async Task Tokens_LongPrompt_PrintsWhatIsCutAt77()
    {
        var (exit, stdout, _) = await RunAsync("tokens", string.Join(' ', Enumerable.Repeat("red", 78)) + " green blue");

        Assert.Equal(0, exit);
        Assert.Contains("80 tokens", stdout);
        Assert.Contains("Cut off at 77: \"red red red green blue\"", stdout);
    }

    [Fact]
    public async Task Tokens_WeightsAndBreak_ShowsChunksAndWeightedSpans()
    {
        var (exit, stdout, _) = await RunAsync("tokens", "a (red:1.5) fox, [blue] BREAK sky");

        Assert.Equal(0, exit);
        Assert.Contains("in 2 chunks of 75", stdout);
        Assert.Contains("\"red\" ×1.5", stdout);
        Assert.Contains("\"blue\" ×0.909", stdout);
        Assert.Contains("Chunk 2 (1 tokens): sky", stdout);
        Assert.Contains("Cut off at 77: \"sky\"", stdout);
    }

    [Fact]
    public async Task Tokens_Json_PrintsEachChunksIdsAndWeights()
    {
        var (exit, stdout, _) = await RunAsync("tokens", "--json", "a (red:1.5) fox BREAK sky");

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        var chunks = json.RootElement.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal(2, chunks.Length);
        Assert.All(chunks, c => Assert.Equal(77, c.GetProperty("ids").GetArrayLength()));
        Assert.All(chunks, c => Assert.Equal(77, c.GetProperty("weights").GetArrayLength()));
        var weights = chunks[0].GetProperty("weights").EnumerateArray().Select(w => w.GetSingle()).ToArray();
        Assert.Equal([1f, 1f, 1.5f, 1f, 1f], weights[..5]);
        Assert.Equal(chunks[0].GetProperty("ids")[0].GetInt32(), chunks[1].GetProperty("ids")[0].GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("tokenCount").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Theory]
    [InlineData("weights must be between −10 and 10", "tokens", "a (fox:11)")]
    [InlineData("weights must be between −10 and 10", "tokens", "--json", "a (fox:11)")]
    [InlineData("weights must be between −10 and 10", "generate", "a (fox:-10.5)", "--steps", "1")]
    [InlineData("needs 11 chunks", "tokens", "red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red")]
    [InlineData("needs 11 chunks", "generate", "red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red BREAK red", "--steps", "1")]
    public async Task PromptRules_Broken_ExitWithTwoNamingTheProblem(string expected, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr);
    }

    [Theory]
    [InlineData("generate", "red", "--steps", "0")]
    [InlineData("generate", "red", "--width", "100")]
    [InlineData("generate", "   ")]
    [InlineData("generate", "red", "--count", "5")]
    public async Task Generate_BadRequest_ExitsWithTwoAndExplains(params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Matches("(Steps must be|multiples of 8|prompt is empty|Count must be)", stderr);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("generate", "red", "--sizzle", "1")]
    [InlineData("generate", "red", "--steps", "many")]
    [InlineData("frobnicate")]
    public async Task BadUsage_ExitsWithTwo(params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public async Task Generate_MissingModelFolder_ExitsWithThreeNamingIt()
    {
        var missing = Path.Combine(fixture.Root, "no-such-model");

        var (exit, _, stderr) = await RunAsync("generate", "red", "--model", missing);

        Assert.Equal(3, exit);
        Assert.Contains(missing, stderr);
    }

    [Fact]
    public async Task Generate_OutputPathNotWritable_ExitsWithOneNamingIt()
    {
        var blocker = Path.Combine(fixture.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the output folder should be", TestContext.Current.CancellationToken);
        var output = Path.Combine(blocker, "fox.png");

        var (exit, _, stderr) = await RunAsync("generate", "red", "--steps", "1", "--width", "32", "--height", "32", "--out", output);

        Assert.Equal(1, exit);
        Assert.Contains(output, stderr);
        Assert.Contains("--out", stderr);
    }
}
