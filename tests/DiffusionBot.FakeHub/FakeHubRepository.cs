using System.Security.Cryptography;

namespace DiffusionBot.FakeHub;

/// <summary>One repository at one revision: its files and how the fake misbehaves when serving them.</summary>
public sealed class FakeHubRepository(string repoId, string revision = "main")
{
    public string RepoId { get; } = repoId;

    public string Revision { get; } = revision;

    /// <summary>Files by repository path. Files at or above <see cref="LfsThreshold"/> bytes are LFS files (sha256 listed, served via the CDN).</summary>
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public int LfsThreshold { get; set; } = 1024;

    /// <summary>When set, tree and resolve answer 401 unless <c>Authorization: Bearer &lt;token&gt;</c> matches.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Paths whose listed sha256 is deliberately wrong.</summary>
    public HashSet<string> WrongHash { get; } = new(StringComparer.Ordinal);

    /// <summary>Path → how many times the CDN drops the connection halfway through that file before serving it properly.</summary>
    public Dictionary<string, int> DropConnection { get; } = new(StringComparer.Ordinal);

    /// <summary>How many file-list (tree) requests the Hub drops halfway through the page before answering properly.</summary>
    public int DropTreeRequests { get; set; }

    /// <summary>Serve whole files with 200 even when a Range is asked for.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Whether this request for <paramref name="path"/> should be dropped (counts one down).</summary>
    public bool TakeDrop(string path)
    {
        lock (DropConnection)
        {
            if (!DropConnection.TryGetValue(path, out var remaining) || remaining <= 0)
                return false;
            DropConnection[path] = remaining - 1;
            return true;
        }
    }

    /// <summary>Whether this tree request should be dropped (counts one down).</summary>
    public bool TakeTreeDrop()
    {
        lock (DropConnection)
        {
            if (DropTreeRequests <= 0)
                return false;
            DropTreeRequests--;
            return true;
        }
    }

    public bool IsLfs(string path) => Files[path].Length >= LfsThreshold;

    public string Sha256(string path) => WrongHash.Contains(path)
        ? Convert.ToHexStringLower(SHA256.HashData("not the file"u8))
        : Convert.ToHexStringLower(SHA256.HashData(Files[path]));

    public FakeHubRepository Add(string path, byte[] content)
    {
        Files[path] = content;
        return this;
    }

    public FakeHubRepository Add(string path, string content) => Add(path, System.Text.Encoding.UTF8.GetBytes(content));
}
