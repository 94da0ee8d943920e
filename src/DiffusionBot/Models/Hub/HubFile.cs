namespace DiffusionBot.Models.Hub;

/// <summary>One file of a repository as the tree API lists it. <paramref name="Sha256"/> is the LFS object id (lower-case hex),
/// null for a small file kept in git itself.</summary>
public sealed record HubFile(string Path, long Size, string? Sha256);
