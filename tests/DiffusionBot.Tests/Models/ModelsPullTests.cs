using System.Text.Json;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.FakeHub;

namespace DiffusionBot.Tests.Models;

public sealed class ModelsPullTests
{
    private const string Token = "hf_test_secret_token_123";

    [Fact]
    public async Task Pull_OnnxExportWithPagedTreeAndLfsRedirects_WritesTheLayoutAndTheCatalogue()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/Tiny-SD.ONNX"));

        var (code, stdout, stderr) = await f.RunAsync("pull", "acme/Tiny-SD.ONNX");

        Assert.True(code == 0, stderr);
        foreach (var relative in HubTestRepositories.PulledFiles)
            Assert.Equal(repository.Files[relative], await File.ReadAllBytesAsync(f.ModelFile("tiny-sd.onnx", relative), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(f.ModelFile("tiny-sd.onnx", "unet/diffusion_pytorch_model.safetensors")));
        Assert.False(File.Exists(f.ModelFile("tiny-sd.onnx", "README.md")));
        Assert.Empty(Directory.GetFiles(f.ModelsDirectory, "*.incomplete", SearchOption.AllDirectories));
        Assert.True(f.Hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)) > 1, "the tree should have been read page by page");
        Assert.Contains(f.Hub.Requests, r => r.Cdn && r.PathAndQuery.Contains("unet/model.onnx_data", StringComparison.Ordinal));
        Assert.Contains("Pulled 'tiny-sd.onnx'", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', stdout); // output is not a console: no progress line

        using var catalogue = JsonDocument.Parse(await File.ReadAllTextAsync(f.CataloguePath, TestContext.Current.CancellationToken));
        var entry = catalogue.RootElement.GetProperty("Models").GetProperty("Entries").GetProperty("tiny-sd.onnx");
        Assert.Equal(Path.Combine(f.ModelsDirectory, "tiny-sd.onnx"), entry.GetProperty("Path").GetString());
        Assert.Equal("Pulled from acme/Tiny-SD.ONNX@main", entry.GetProperty("Description").GetString());
        Assert.Equal("acme/Tiny-SD.ONNX@main", entry.GetProperty("Source").GetString());
        Assert.Equal(Path.Combine(f.ModelsDirectory, "tiny-sd.onnx"), ModelFolder.Open(entry.GetProperty("Path").GetString()!).Root);
    }

    [Fact]
    public async Task Pull_SubfolderAndName_PullsTheSubfolderUnderThatName()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd", prefix: "onnx/"));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd@main/onnx", "--name", "My Model");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["onnx/unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("my-model", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        var catalogue = await File.ReadAllTextAsync(f.CataloguePath, TestContext.Current.CancellationToken);
        Assert.Contains("\"Source\": \"acme/sd@main/onnx\"", catalogue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ExportInASubfolderButNoneGiven_RefusedNamingTheSubfolder()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd", prefix: "onnx/"));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.Equal(2, code);
        Assert.Contains("acme/sd@main/onnx", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ConnectionDroppedMidFile_ResumesWithARangeAndVerifies()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        repository.DropConnection["unet/model.onnx_data"] = 1;

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("sd", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        var cdn = f.Hub.Requests.Where(r => r.Cdn && r.PathAndQuery.Contains("unet/model.onnx_data", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cdn.Count);
        Assert.Null(cdn[0].Range);
        Assert.Equal($"bytes={repository.Files["unet/model.onnx_data"].Length / 2}-", cdn[1].Range);
        Assert.Contains("Retrying", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ConnectionDroppedDuringTheFileList_AsksForThePageAgainAndPulls()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        repository.DropTreeRequests = 1;

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("sd", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        var tree = f.Hub.Requests.Where(r => !r.Cdn && r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)).ToList();
        Assert.Equal(tree[0].PathAndQuery, tree[1].PathAndQuery);
        Assert.Contains("The file list of acme/sd", stderr, StringComparison.Ordinal);
        Assert.Contains("Retrying", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_InterruptedRun_NextRunResumesFromTheIncompleteFile()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        repository.DropConnection["unet/model.onnx_data"] = 1;
        f.Configuration["Hub:MaxAttempts"] = "1";

        var (firstCode, _, firstError) = await f.RunAsync("pull", "acme/sd");

        Assert.Equal(1, firstCode);
        Assert.Contains("unet/model.onnx_data", firstError, StringComparison.Ordinal);
        var partial = f.ModelFile("sd", "unet/model.onnx_data") + ".incomplete";
        var half = repository.Files["unet/model.onnx_data"].Length / 2;
        Assert.Equal(half, new FileInfo(partial).Length);
        Assert.False(File.Exists(f.CataloguePath));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("sd", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        Assert.Equal($"bytes={half}-", f.Hub.Requests.Last(r => r.Cdn && r.PathAndQuery.Contains("unet/model.onnx_data", StringComparison.Ordinal)).Range);
        Assert.False(File.Exists(partial));
        Assert.True(File.Exists(f.CataloguePath));
    }

    [Fact]
    public async Task Pull_ServerIgnoresRange_StartsTheFileAgainAndStillVerifies()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        repository.DropConnection["unet/model.onnx_data"] = 1;
        repository.IgnoreRange = true;

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("sd", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pull_WrongHash_FailsNamingTheFileAndDeletesTheDownload()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        repository.WrongHash.Add("unet/model.onnx_data");

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.Equal(1, code);
        Assert.Contains("unet/model.onnx_data", stderr, StringComparison.Ordinal);
        Assert.Contains("sha256", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(f.ModelFile("sd", "unet/model.onnx_data")));
        Assert.False(File.Exists(f.ModelFile("sd", "unet/model.onnx_data") + ".incomplete"));
        Assert.False(File.Exists(f.CataloguePath));
    }

    [Fact]
    public async Task Pull_GatedRepositoryWithoutToken_ExitsThreeAskingForHfToken()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/gated")).RequiredToken = Token;

        var (code, _, stderr) = await f.RunAsync("pull", "acme/gated");

        Assert.Equal(3, code);
        Assert.Contains("HF_TOKEN", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(f.ModelsDirectory, "gated")));
    }

    [Fact]
    public async Task Pull_GatedRepositoryWithToken_SendsItToTheHubOnlyAndNeverPrintsIt()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/gated"));
        repository.RequiredToken = Token;
        f.Configuration["HF_TOKEN"] = Token;

        var (code, stdout, stderr) = await f.RunAsync("pull", "acme/gated");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["unet/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("gated", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        Assert.All(f.Hub.Requests.Where(r => !r.Cdn), r => Assert.Equal($"Bearer {Token}", r.Authorization));
        var cdn = f.Hub.Requests.Where(r => r.Cdn).ToList();
        Assert.NotEmpty(cdn);
        Assert.All(cdn, r => Assert.Null(r.Authorization));
        Assert.DoesNotContain(Token, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await File.ReadAllTextAsync(f.CataloguePath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_WrongTokenForGatedRepository_ExitsThreeWithoutPrintingIt()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/gated")).RequiredToken = Token;
        f.Configuration["HF_TOKEN"] = "hf_wrong_token_456";

        var (code, stdout, stderr) = await f.RunAsync("pull", "acme/gated");

        Assert.Equal(3, code);
        Assert.Contains("HF_TOKEN", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hf_wrong_token_456", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_SafetensorsOnlyRepository_RefusedBeforeDownloadingAnything()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.SafetensorsOnly("acme/pytorch-sd"));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/pytorch-sd");

        Assert.Equal(2, code);
        Assert.Contains("safetensors", stderr, StringComparison.Ordinal);
        Assert.Contains("Optimum", stderr, StringComparison.Ordinal);
        Assert.Contains("README", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Hub.Requests, r => r.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));
        Assert.False(File.Exists(f.CataloguePath));
    }

    [Fact]
    public async Task Pull_XlPipelineWithoutSecondTextEncoder_RefusedAfterReadingOnlyTheModelIndex()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/xl", modelIndex: HubTestRepositories.XlModelIndex));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/xl");

        Assert.Equal(2, code);
        Assert.Contains("text_encoder_2/model.onnx", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Hub.Requests, r => r.Cdn);
        Assert.False(Directory.Exists(Path.Combine(f.ModelsDirectory, "xl")));
    }

    [Fact]
    public async Task Pull_XlPipelineWithSecondTextEncoder_PullsItToo()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/xl", modelIndex: HubTestRepositories.XlModelIndex)
            .Add("text_encoder_2/model.onnx", HubTestRepositories.Bytes(9, 5000))
            .Add("text_encoder_2/model.onnx_data", HubTestRepositories.Bytes(10, 20000))
            .Add("tokenizer_2/vocab.json", """{ "b": 0 }""")
            .Add("tokenizer_2/merges.txt", "#version: 0.2\n"));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/xl");

        Assert.True(code == 0, stderr);
        Assert.Equal(repository.Files["text_encoder_2/model.onnx_data"], await File.ReadAllBytesAsync(f.ModelFile("xl", "text_encoder_2/model.onnx_data"), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(f.ModelFile("xl", "tokenizer_2/merges.txt")));
    }

    [Theory]
    [InlineData("not-a-repo")]
    [InlineData("owner/repo@bad/rev:x")]
    [InlineData("owner/../etc")]
    [InlineData("owner/re po")]
    public async Task Pull_BadRepositoryId_ExitsTwoWithoutCallingTheHub(string id)
    {
        await using var f = await PullFixture.StartAsync();

        var (code, _, stderr) = await f.RunAsync("pull", id);

        Assert.Equal(2, code);
        Assert.Contains("owner/repo", stderr, StringComparison.Ordinal);
        Assert.Empty(f.Hub.Requests);
    }

    [Fact]
    public async Task Pull_UnknownRepositoryOrRevision_ExitsThreeSayingNotFound()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));

        var (missingRepo, _, repoError) = await f.RunAsync("pull", "acme/nothing");
        var (missingRevision, _, revisionError) = await f.RunAsync("pull", "acme/sd@v9");

        Assert.Equal(3, missingRepo);
        Assert.Contains("404", repoError, StringComparison.Ordinal);
        Assert.Equal(3, missingRevision);
        Assert.Contains("acme/sd@v9", revisionError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_Cancelled_ExitsOneHundredThirty()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var (code, _, stderr) = await f.RunAsync(cancellation.Token, "pull", "acme/sd");

        Assert.Equal(130, code);
        Assert.Contains("Cancelled", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_SecondModel_KeepsTheFirstInTheCatalogue()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/one"));
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/two"));

        Assert.Equal(0, (await f.RunAsync("pull", "acme/one")).ExitCode);
        Assert.Equal(0, (await f.RunAsync("pull", "acme/two")).ExitCode);

        using var catalogue = JsonDocument.Parse(await File.ReadAllTextAsync(f.CataloguePath, TestContext.Current.CancellationToken));
        var names = catalogue.RootElement.GetProperty("Models").GetProperty("Entries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["one", "two"], names);
    }

    [Fact]
    public async Task List_AfterPull_ShowsTheEntryFromTheCatalogueFileAndThatItIsOnDisk()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        Assert.Equal(0, (await f.RunAsync("pull", "acme/sd")).ExitCode);
        f.Configuration["Models:Entries:gone:Path"] = Path.Combine(f.Root, "nowhere");
        f.Configuration["Health:StatePath"] = Path.Combine(f.Root, "no-bot-here.json");

        var (code, stdout, _) = await f.RunAsync("list");

        Assert.Equal(0, code);
        Assert.Contains("sd: on disk", stdout, StringComparison.Ordinal);
        Assert.Contains("source: acme/sd@main", stdout, StringComparison.Ordinal);
        Assert.Contains("description: Pulled from acme/sd@main", stdout, StringComparison.Ordinal);
        Assert.Contains("gone: missing", stdout, StringComparison.Ordinal);
        Assert.Contains("what a running bot has loaded is not known", stdout.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_RunningBotHoldsAModel_MarksItLoaded()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        Assert.Equal(0, (await f.RunAsync("pull", "acme/sd")).ExitCode);
        var statePath = Path.Combine(f.Root, "health.json");
        await DiffusionBot.Bot.Health.HealthStateFile.WriteAsync(statePath,
            new DiffusionBot.Bot.Health.HealthState(DateTimeOffset.UtcNow, true, null, null, ["sd"]), TestContext.Current.CancellationToken);
        f.Configuration["Health:StatePath"] = statePath;

        var (code, stdout, _) = await f.RunAsync("list");

        Assert.Equal(0, code);
        Assert.Contains("Loaded in the running bot: sd.", stdout, StringComparison.Ordinal);
        Assert.Contains("sd: on disk, loaded", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_EmptyCatalogue_SaysHowToPull()
    {
        await using var f = await PullFixture.StartAsync();

        var (code, stdout, _) = await f.RunAsync("list");

        Assert.Equal(0, code);
        Assert.Contains("models pull", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pull")]
    [InlineData("list extra")]
    [InlineData("pull a/b --bogus 1")]
    public async Task Models_BadUsage_ExitsTwo(string commandLine)
    {
        await using var f = await PullFixture.StartAsync();

        var (code, _, stderr) = await f.RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, code);
        Assert.NotEmpty(stderr);
    }

    [Fact]
    public async Task Pull_Again_SkipsIntactFilesAndReplacesOnesThatChanged()
    {
        await using var f = await PullFixture.StartAsync();
        var repository = f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        Assert.Equal(0, (await f.RunAsync("pull", "acme/sd")).ExitCode);
        var before = f.Hub.Requests.Count(r => r.Cdn);
        var changed = HubTestRepositories.Bytes(42, repository.Files["unet/model.onnx_data"].Length);
        repository.Files["unet/model.onnx_data"] = changed;

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Equal(changed, await File.ReadAllBytesAsync(f.ModelFile("sd", "unet/model.onnx_data"), TestContext.Current.CancellationToken));
        Assert.Equal(1, f.Hub.Requests.Count(r => r.Cdn) - before);
    }

    [Fact]
    public async Task Pull_TreeListsAPathThatClimbsOut_DoesNotWriteOutsideTheModelFolder()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd").Add("unet/../../../escaped.json", "{}"));

        var (code, _, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Empty(Directory.GetFiles(f.Root, "escaped.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Pull_NoHubEndpointOption_UsesHfEndpoint()
    {
        await using var f = await PullFixture.StartAsync();
        f.Hub.AddRepository(HubTestRepositories.OnnxExport("acme/sd"));
        f.Configuration["Hub:Endpoint"] = "";
        f.Configuration["HF_ENDPOINT"] = f.Hub.Endpoint.ToString();

        var (code, stdout, stderr) = await f.RunAsync("pull", "acme/sd");

        Assert.True(code == 0, stderr);
        Assert.Contains(f.Hub.Endpoint.ToString(), stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(f.ModelFile("sd", "unet/model.onnx_data")));
    }
}
