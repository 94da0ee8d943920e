namespace DiffusionBot.Models.Hub;

/// <summary>Where a pull stands: file <paramref name="FileNumber"/> of <paramref name="FileCount"/>, bytes of that file so far.</summary>
public readonly record struct DownloadProgress(string File, int FileNumber, int FileCount, long BytesDone, long BytesTotal);
