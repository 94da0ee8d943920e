using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using DiffusionBot.Storage.Images;
using DiffusionBot.Storage.Options;

namespace DiffusionBot.Storage.Tests;

public sealed class ImageStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task SaveLoadDeleteAsync(IImageStore store, Func<IImageStore> afterRestart)
    {
        var png = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        await store.SaveAsync(new JobId(5), 0, png, None);
        await store.SaveAsync(new JobId(5), 3, new byte[] { 1, 2, 3 }, None);
        await store.SaveAsync(new JobId(50), 0, new byte[] { 9 }, None);

        var reopened = afterRestart();
        Assert.Equal(png, await reopened.LoadAsync(new JobId(5), 0, None));
        Assert.Equal([1, 2, 3], await reopened.LoadAsync(new JobId(5), 3, None));
        Assert.Null(await reopened.LoadAsync(new JobId(5), 1, None));

        await reopened.DeleteAllAsync(new JobId(5), None);
        Assert.Null(await reopened.LoadAsync(new JobId(5), 0, None));
        Assert.Null(await reopened.LoadAsync(new JobId(5), 3, None));
        Assert.Equal([9], await reopened.LoadAsync(new JobId(50), 0, None));
        await reopened.DeleteAllAsync(new JobId(777), None);
    }

    [Fact]
    public async Task LiteFileStorage_SaveLoadDelete_SurvivesRestart()
    {
        using var storage = new TempStorage();
        await SaveLoadDeleteAsync(new LiteFileImageStore(storage.Database), () => new LiteFileImageStore(storage.Reopen()));
    }

    [Fact]
    public async Task Disk_SaveLoadDelete_SurvivesRestart()
    {
        using var storage = new TempStorage();
        var options = Microsoft.Extensions.Options.Options.Create(new StorageOptions { ImageDirectory = Path.Combine(storage.Directory, "images") });
        await SaveLoadDeleteAsync(new DiskImageStore(options), () => new DiskImageStore(options));
        Assert.True(File.Exists(Path.Combine(storage.Directory, "images", "1e", "0.png")));
    }
}
