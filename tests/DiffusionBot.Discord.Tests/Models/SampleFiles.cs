namespace DiffusionBot.Discord.Tests.Models;

/// <summary>Locates tests/DiffusionBot.Discord.Tests/Samples from the repository root (where DiffusionBot.sln is).</summary>
internal static class SampleFiles
{
    public static string Directory { get; } = Locate();

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DiffusionBot.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "DiffusionBot.Discord.Tests", "Samples");
            }
        }

        throw new InvalidOperationException("DiffusionBot.sln not found above " + AppContext.BaseDirectory);
    }
}
