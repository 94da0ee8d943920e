using System.Text.RegularExpressions;

namespace DiffusionBot.Models.Hub;

/// <summary><c>owner/repo[@revision][/sub/folder]</c>: a model on the Hugging Face Hub, optionally in a subfolder of the repository.</summary>
public sealed partial record HubModelReference(string RepoId, string Revision, string Subfolder)
{
    public const string DefaultRevision = "main";

    /// <summary>How it is written back: <c>owner/repo@revision[/subfolder]</c>.</summary>
    public override string ToString() => Subfolder.Length == 0 ? $"{RepoId}@{Revision}" : $"{RepoId}@{Revision}/{Subfolder}";

    public string RepoName => RepoId[(RepoId.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>Parses the reference; throws <see cref="HubRequestException"/> saying what is wrong.</summary>
    public static HubModelReference Parse(string text)
    {
        const string Shape = "Expected owner/repo[@revision][/subfolder], e.g. onnx-community/stable-diffusion-v1-5-ONNX or owner/repo@main/onnx.";
        var segments = text.Trim().Split('/');
        if (segments.Length < 2)
            throw new HubRequestException($"'{text}' is not a Hub repository. {Shape}");
        var owner = segments[0];
        var repo = segments[1];
        var revision = DefaultRevision;
        var at = repo.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            revision = repo[(at + 1)..];
            repo = repo[..at];
            if (!RevisionPattern().IsMatch(revision))
                throw new HubRequestException($"'{revision}' is not a revision (a branch, tag or commit without '/'). {Shape}");
        }
        foreach (var name in new[] { owner, repo })
        {
            if (name.Length > 96 || !NamePattern().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
                throw new HubRequestException($"'{name}' in '{text}' is not a valid Hub owner or repository name. {Shape}");
        }
        var subfolder = segments[2..];
        foreach (var part in subfolder)
        {
            if (part is "" or "." or ".." || !NamePattern().IsMatch(part))
                throw new HubRequestException($"'{part}' in '{text}' is not a valid subfolder name. {Shape}");
        }
        return new HubModelReference($"{owner}/{repo}", revision, string.Join('/', subfolder));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RevisionPattern();
}
