using DiffusionBot.Storage.Options;
using LiteDB;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Storage.Database;

/// <summary>
/// The one open LiteDB file of the process, shared by every store. <see cref="WriteGate"/> serialises read-modify-write
/// sequences so they are atomic (this process is the only one using the file: Direct mode locks it).
/// </summary>
public sealed class BotDatabase : IDisposable
{
    public BotDatabase(IOptions<StorageOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    public BotDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        Database = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct });
        Path = full;
    }

    public string Path { get; }

    public LiteDatabase Database { get; }

    public Lock WriteGate { get; } = new();

    public ILiteCollection<BsonDocument> Collection(string name) => Database.GetCollection(name, BsonAutoId.Int64);

    public void Dispose() => Database.Dispose();
}
