using DiffusionBot.Cli;
using DiffusionBot.FakeHub;

namespace DiffusionBot.Tests.Models;

/// <summary>Per test: a fake Hub and a temporary models folder; runs <c>models …</c> through the real command line.</summary>
internal sealed class PullFixture : IAsyncDisposable
{
    private PullFixture(FakeHubServer hub, string root)
    {
        Hub = hub;
        Root = root;
    }

    public FakeHubServer Hub { get; }

    public string Root { get; }

    public string ModelsDirectory => Path.Combine(Root, "models");

    public string CataloguePath => Path.Combine(ModelsDirectory, "catalogue.json");

    public Dictionary<string, string?> Configuration { get; } = new();

    public static async Task<PullFixture> StartAsync()
    {
        var hub = await FakeHubServer.StartAsync(TestContext.Current.CancellationToken);
        var fixture = new PullFixture(hub, Directory.CreateTempSubdirectory("diffusionbot-pull-tests-").FullName);
        fixture.Configuration["Models:Directory"] = fixture.ModelsDirectory;
        fixture.Configuration["Hub:Endpoint"] = hub.Endpoint.ToString();
        fixture.Configuration["Hub:RetryDelay"] = "00:00:00";
        fixture.Configuration["HF_TOKEN"] = ""; // whatever the machine running the tests has
        fixture.Configuration["HF_ENDPOINT"] = "";
        fixture.Configuration["Logging:LogLevel:Default"] = "Warning";
        return fixture;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        await RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["models", .. args], stdout, stderr, cancellationToken, Configuration);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public string ModelFile(string name, string relative) => Path.Combine(ModelsDirectory, name, relative.Replace('/', Path.DirectorySeparatorChar));

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
