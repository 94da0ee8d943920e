using Xunit;
using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Tokenization;

namespace DiffusionBot.Diffusion.Tests.Tokenization;

/// <summary>Loads the real CLIP vocabulary once per test class (null when ../shared is absent).</summary>
public sealed class ClipTokenizerFixture
{
    public ClipTokenizerFixture()
    {
        GzipPath = SharedFiles.TryGetPath(SharedFiles.ClipBpeGzipRelativePath);
        Tokenizer = GzipPath is null ? null : ClipTokenizer.FromClipBpeGzip(GzipPath);
    }

    public string? GzipPath { get; }

    public ClipTokenizer? Tokenizer { get; }

    /// <summary>The tokenizer, or a skip with a clear message when the shared merges file is absent.</summary>
    public ClipTokenizer Require()
    {
        if (Tokenizer is null)
        {
            SharedFiles.RequirePath(SharedFiles.ClipBpeGzipRelativePath);
        }

        return Tokenizer!;
    }
}
