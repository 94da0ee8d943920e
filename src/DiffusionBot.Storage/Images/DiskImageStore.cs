using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Options;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Storage.Images;

/// <summary>Result PNGs as files: &lt;ImageDirectory&gt;/&lt;jobId&gt;/&lt;index&gt;.png, written to a temporary name first.</summary>
public sealed class DiskImageStore(IOptions<StorageOptions> options) : IImageStore
{
    private string Root => Path.GetFullPath(options.Value.ImageDirectory);

    public async Task SaveAsync(JobId jobId, int index, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var path = FilePath(jobId, index);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, png, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> LoadAsync(JobId jobId, int index, CancellationToken cancellationToken)
    {
        var path = FilePath(jobId, index);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.Combine(Root, jobId.ToString());
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    private string FilePath(JobId jobId, int index) =>
        Path.Combine(Root, jobId.ToString(), index.ToString(CultureInfo.InvariantCulture) + ".png");
}
