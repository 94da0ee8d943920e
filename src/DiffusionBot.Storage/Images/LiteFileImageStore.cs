using System.Globalization;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Images;

/// <summary>Result PNGs inside the database file (LiteDB file storage), with ids "img/&lt;jobId&gt;/&lt;index&gt;".</summary>
public sealed class LiteFileImageStore(BotDatabase database) : IImageStore
{
    private readonly ILiteStorage<string> _files = database.Database.FileStorage;

    public Task SaveAsync(JobId jobId, int index, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = new MemoryStream(png.ToArray(), writable: false);
        _files.Upload(FileId(jobId, index), $"{jobId}-{index}.png", stream);
        return Task.CompletedTask;
    }

    public Task<byte[]?> LoadAsync(JobId jobId, int index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = FileId(jobId, index);
        if (!_files.Exists(id)) return Task.FromResult<byte[]?>(null);
        using var stream = new MemoryStream();
        _files.Download(id, stream);
        return Task.FromResult<byte[]?>(stream.ToArray());
    }

    public Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = $"img/{jobId}/";
        foreach (var file in _files.Find(Query.StartsWith("_id", prefix)).ToArray()) _files.Delete(file.Id);
        return Task.CompletedTask;
    }

    private static string FileId(JobId jobId, int index) => $"img/{jobId}/{index.ToString(CultureInfo.InvariantCulture)}";
}
