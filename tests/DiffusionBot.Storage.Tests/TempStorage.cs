using DiffusionBot.Storage.Database;

namespace DiffusionBot.Storage.Tests;

/// <summary>A temporary folder with a LiteDB file that can be closed and opened again, like a restart.</summary>
internal sealed class TempStorage : IDisposable
{
    public TempStorage()
    {
        Directory = Path.Combine(Path.GetTempPath(), "diffusionbot-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Database = new BotDatabase(DatabasePath);
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "db", "bot.db");

    public BotDatabase Database { get; private set; }

    public BotDatabase Reopen()
    {
        Database.Dispose();
        Database = new BotDatabase(DatabasePath);
        return Database;
    }

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
