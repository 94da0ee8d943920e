using System.Net;
using System.Security.Cryptography;

namespace DiffusionBot.Models.Hub;

/// <summary>
/// Downloads one Hub file into place: bytes go to <c>&lt;file&gt;.incomplete</c>, an interrupted download resumes from there
/// (<c>Range: bytes=N-</c>; a server that ignores the range and answers 200 is read from the start), a dropped connection
/// is retried (<see cref="HubRetry"/>), the result is checked against the Hub's sha256 (LFS files) or size (small files)
/// and only then renamed to its name. A mismatch deletes the partial file.
/// </summary>
public sealed class HubFileDownloader(HubClient client, HubRetry retry)
{
    public const string PartialSuffix = ".incomplete";

    private const int BufferSize = 1 << 20;

    /// <summary>Downloads <paramref name="file"/> (listed as <paramref name="repoPath"/>) to <paramref name="target"/>;
    /// returns at once when the target is already there with the right size.</summary>
    public async Task DownloadAsync(HubModelReference model, string repoPath, HubFile file, string target, string displayName,
        Action<long> progress, CancellationToken cancellationToken)
    {
        if (await IsInPlaceAsync(file, target, cancellationToken))
        {
            progress(file.Size);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + PartialSuffix;
        await retry.RunAsync(displayName, ct => DownloadOnceAsync(model, repoPath, file, partial, displayName, progress, ct),
            (attempts, ex) => new HubDownloadException($"Downloading {displayName} failed {attempts} time(s), last: {ex.Message} Run the same pull again to resume from byte {(File.Exists(partial) ? new FileInfo(partial).Length : 0)}.", ex),
            cancellationToken);
        await VerifyAsync(file, partial, displayName, cancellationToken);
        File.Move(partial, target, overwrite: true);
    }

    private async Task DownloadOnceAsync(HubModelReference model, string repoPath, HubFile file, string partial, string displayName,
        Action<long> progress, CancellationToken cancellationToken)
    {
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (file.Size >= 0 && offset > file.Size)
        {
            File.Delete(partial); // longer than the file can be: not ours to resume
            offset = 0;
        }
        if (file.Size >= 0 && offset == file.Size)
        {
            progress(offset);
            return;
        }

        using var response = await client.GetFileAsync(model, repoPath, offset, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            File.Delete(partial);
            throw new HttpRequestException($"The server could not resume {displayName} at byte {offset}; starting it again.", null, response.StatusCode);
        }
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The Hub answered {(int)response.StatusCode} for {displayName}.", null, response.StatusCode);

        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From is { } from && from != offset)
            throw new HttpRequestException($"The server resumed {displayName} at byte {from}, not {offset}.");
        if (!resumed)
            offset = 0; // the server sent the whole file

        await using var output = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[BufferSize];
        var done = offset;
        progress(done);
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            done += read;
            progress(done);
        }
    }

    /// <summary>A file from an earlier pull counts only if it still matches the listing (the revision may have moved on).</summary>
    private static async Task<bool> IsInPlaceAsync(HubFile file, string target, CancellationToken cancellationToken)
    {
        if (!File.Exists(target) || (file.Size >= 0 && new FileInfo(target).Length != file.Size))
            return false;
        return file.Sha256 is null || string.Equals(await Sha256Async(target, cancellationToken), file.Sha256, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static async Task VerifyAsync(HubFile file, string partial, string displayName, CancellationToken cancellationToken)
    {
        var length = new FileInfo(partial).Length;
        if (file.Size >= 0 && length != file.Size)
        {
            File.Delete(partial);
            throw new HubDownloadException($"{displayName} is {length} bytes, but the Hub lists {file.Size}; the partial file was deleted. Pull again.");
        }
        if (file.Sha256 is null)
            return;
        var actual = await Sha256Async(partial, cancellationToken);
        if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(partial);
            throw new HubDownloadException($"{displayName} does not match the Hub's sha256 (expected {file.Sha256}, got {actual}); the download was deleted. Pull again; if it keeps failing, the repository or a proxy in between is serving a different file.");
        }
    }
}
