namespace DiffusionBot.Tests.Cli;

/// <summary>A temp folder per test class: the demo model is written there once (Generator:DemoModelPath) and
/// commands write their output next to it.</summary>
public sealed class CliFixture : IDisposable
{
    public CliFixture() => Root = Directory.CreateTempSubdirectory("diffusionbot-cli-tests-").FullName;

    public string Root { get; }

    public string DemoModelPath => Path.Combine(Root, "demo-model");

    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["Generator:DemoModelPath"] = DemoModelPath,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
