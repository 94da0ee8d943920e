using Xunit;
namespace DiffusionBot.Diffusion.Tests.TestSupport;

/// <summary>
/// Locates the team's shared, non-versioned files (<c>../shared</c> next to the repository root, which is found by
/// walking up from the test binaries to DiffusionBot.sln).
/// </summary>
internal static class SharedFiles
{
    private static readonly Lazy<string?> SharedRoot = new(FindSharedRoot);

    /// <summary>The real CLIP merges file, <c>../shared/clip/bpe_simple_vocab_16e6.txt.gz</c>.</summary>
    public static string ClipBpeGzipRelativePath => Path.Combine("clip", "bpe_simple_vocab_16e6.txt.gz");

    /// <summary>Full path of a shared file, or null when the shared folder or the file is absent.</summary>
    public static string? TryGetPath(string relativePath)
    {
        if (SharedRoot.Value is not { } root)
        {
            return null;
        }

        var path = Path.Combine(root, relativePath);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Full path of a shared file; skips the calling test (xunit.v3) with a clear message when it is absent.</summary>
    public static string RequirePath(string relativePath)
    {
        var path = TryGetPath(relativePath);
        if (path is null)
        {
            Assert.Skip(
                $"Shared file '../shared/{relativePath.Replace('\\', '/')}' (next to the repository root holding DiffusionBot.sln) is not present; this test needs it.");
        }

        return path;
    }

    /// <summary>Full path of a shared folder; skips the calling test with a clear message when it is absent.</summary>
    public static string RequireFolder(string relativePath)
    {
        var path = SharedRoot.Value is { } root ? Path.Combine(root, relativePath) : null;
        if (path is null || !Directory.Exists(path))
        {
            Assert.Skip(
                $"Shared folder '../shared/{relativePath.Replace('\\', '/')}' (next to the repository root holding DiffusionBot.sln) is not present; this test needs it.");
        }

        return path;
    }

    private static string? FindSharedRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DiffusionBot.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
