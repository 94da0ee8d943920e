using DiffusionBot.Core.Jobs;

namespace DiffusionBot.Core.Ports;

/// <summary>
/// Optional companion of an <see cref="IImageGenerator"/> whose results arrive over a durable transport: the worker tells it
/// once a job's outcome (images, or failure with refund) is stored, and only then may the transport forget the result.
/// </summary>
public interface IGenerationReceipts
{
    Task StoredAsync(JobId jobId, CancellationToken cancellationToken);
}
