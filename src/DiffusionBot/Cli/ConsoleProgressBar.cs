using DiffusionBot.Models.Hub;

namespace DiffusionBot.Cli;

/// <summary>One console line rewritten in place: file, bytes, percent and rate. Redraws at most every
/// <see cref="RedrawInterval"/>; call <see cref="Complete"/> to end the line.</summary>
internal sealed class ConsoleProgressBar(TextWriter writer, TimeProvider time)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private string? _file;
    private long _fileStartTimestamp;
    private long _fileStartBytes;
    private long _lastDraw;
    private int _lastLength;

    public void Report(DownloadProgress progress)
    {
        var now = time.GetTimestamp();
        if (progress.File != _file)
        {
            _file = progress.File;
            _fileStartTimestamp = now;
            _fileStartBytes = progress.BytesDone;
        }
        else if (time.GetElapsedTime(_lastDraw, now) < RedrawInterval && progress.BytesDone != progress.BytesTotal)
        {
            return;
        }
        _lastDraw = now;
        var seconds = time.GetElapsedTime(_fileStartTimestamp, now).TotalSeconds;
        var rate = seconds > 0 ? (progress.BytesDone - _fileStartBytes) / seconds : 0;
        var percent = progress.BytesTotal > 0 ? $"{100.0 * progress.BytesDone / progress.BytesTotal,5:0.0}%" : "     ";
        var line = $"[{progress.FileNumber}/{progress.FileCount}] {progress.File} {FormatBytes(progress.BytesDone)}/{FormatBytes(progress.BytesTotal)} {percent} {FormatBytes((long)rate)}/s";
        writer.Write("\r" + line.PadRight(_lastLength));
        _lastLength = line.Length;
    }

    public void Complete()
    {
        if (_lastLength > 0)
            writer.WriteLine();
        _lastLength = 0;
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 0 => "?",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
