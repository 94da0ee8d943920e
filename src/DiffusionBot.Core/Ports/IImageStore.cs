using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Ports;

/// <summary>PNG bytes of job results, addressed by job id and zero-based image index.</summary>
public interface IImageStore
{
    Task SaveAsync(JobId jobId, int index, ReadOnlyMemory<byte> png, CancellationToken cancellationToken);

    /// <summary>The PNG bytes, or null when there is no such image.</summary>
    Task<byte[]?> LoadAsync(JobId jobId, int index, CancellationToken cancellationToken);

    /// <summary>Removes every image of the job; no error when there is none.</summary>
    Task DeleteAllAsync(JobId jobId, CancellationToken cancellationToken);
}
